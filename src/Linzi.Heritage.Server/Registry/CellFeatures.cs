using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Features;

namespace Linzi.Heritage.Server.Registry;

/// <summary>Grid cells as GeoJSON features, as <c>GET /api/grid-cells</c> and the cell administration answer them.</summary>
public static class CellFeatures
{
    /// <summary>A cell as a feature: id, name, inspector (empty for a gap), chiefs, chain, risk and whether it is a gap.</summary>
    public static Feature Of(GridCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new Feature(cell.Area, new AttributesTable
        {
            { "id", cell.Id },
            { "name", cell.Name },
            { "inspector", cell.Inspector },
            { "chiefs", cell.Chiefs.ToArray() },
            { "chain", cell.Chain.ToArray() },
            { "riskLevel", cell.RiskLevel },
            { "risk", cell.RiskLevel },
            { "gap", cell.IsGap },
        });
    }

    /// <summary>Cells as a feature collection, ordered by id.</summary>
    public static FeatureCollection Collection(IEnumerable<GridCell> cells)
    {
        var collection = new FeatureCollection();
        foreach (var cell in cells.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            collection.Add(Of(cell));
        }

        return collection;
    }
}
