using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// A supervision grid cell (网格) with its grid inspector (网格员) and the heritage-chief chain (文物长制) above them.
/// Immutable once built.
/// </summary>
/// <param name="Id">Cell id, such as <c>qd-r1c5</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Area">Polygon in WGS84 lon/lat.</param>
/// <param name="Inspector">Username of the responsible grid inspector; empty while nobody is assigned (a gap).</param>
/// <param name="VillageChief">Username of the village heritage chief; empty when the level is not staffed.</param>
/// <param name="TownshipChief">Username of the township heritage chief; empty when the level is not staffed.</param>
/// <param name="DistrictChief">Username of the district heritage chief; empty when the level is not staffed.</param>
/// <param name="RiskLevel">high, medium or low; later rules treat silence differently by risk.</param>
public sealed record GridCell(
    string Id,
    string Name,
    Geometry Area,
    string Inspector,
    string VillageChief,
    string TownshipChief,
    string DistrictChief,
    string RiskLevel = "medium")
{
    /// <summary>Usernames from the grid inspector up to the district chief, in escalation order; unstaffed levels are left out.</summary>
    public IReadOnlyList<string> Chain => [.. new[] { Inspector, VillageChief, TownshipChief, DistrictChief }.Where(u => !string.IsNullOrEmpty(u))];

    /// <summary>The chiefs from the village chief up to the district chief, unstaffed levels as empty strings.</summary>
    public IReadOnlyList<string> Chiefs => [VillageChief, TownshipChief, DistrictChief];

    /// <summary>True when no grid inspector answers for the cell: a gap in supervision.</summary>
    public bool IsGap => string.IsNullOrEmpty(Inspector);
}
