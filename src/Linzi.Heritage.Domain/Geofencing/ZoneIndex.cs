using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Answers "which grid cell and which zones contain this point" in WGS84 lon/lat.
/// Built once per registry snapshot: an <see cref="STRtree{T}"/> narrows candidates by envelope, then a
/// prepared geometry answers the exact test. Immutable after construction, so it is safe to share across threads
/// (NTS prepared geometries are thread-safe for queries once built).
/// </summary>
/// <remarks>
/// A point on a boundary counts as inside (covers, not contains): a digger on the edge of a protection zone is in it.
/// A point on the shared edge of two cells goes to the cell with the smaller id, so routing is deterministic.
/// </remarks>
public sealed class ZoneIndex
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly STRtree<Entry<Zone>> _zones = new();
    private readonly STRtree<Entry<GridCell>> _cells = new();

    /// <summary>Builds the index over the given zones and cells.</summary>
    public ZoneIndex(IEnumerable<Zone> zones, IEnumerable<GridCell> cells)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(cells);
        foreach (var zone in zones)
        {
            _zones.Insert(zone.Area.EnvelopeInternal, new Entry<Zone>(zone, PreparedGeometryFactory.Prepare(zone.Area)));
        }

        foreach (var cell in cells)
        {
            _cells.Insert(cell.Area.EnvelopeInternal, new Entry<GridCell>(cell, PreparedGeometryFactory.Prepare(cell.Area)));
        }

        // Building is lazy in NTS and not thread-safe; force it here so later queries only read.
        _zones.Build();
        _cells.Build();
    }

    /// <summary>Finds the cell and zones at a WGS84 position.</summary>
    public Location Locate(double lat, double lon)
    {
        var point = Factory.CreatePoint(new Coordinate(lon, lat));
        var envelope = point.EnvelopeInternal;

        GridCell? cell = null;
        foreach (var candidate in _cells.Query(envelope))
        {
            if (candidate.Prepared.Covers(point) &&
                (cell is null || string.CompareOrdinal(candidate.Item.Id, cell.Id) < 0))
            {
                cell = candidate.Item;
            }
        }

        List<Zone>? zones = null;
        foreach (var candidate in _zones.Query(envelope))
        {
            if (candidate.Prepared.Covers(point))
            {
                (zones ??= []).Add(candidate.Item);
            }
        }

        if (cell is null && zones is null)
        {
            return Location.Nowhere;
        }

        zones?.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new Location(cell, zones is null ? [] : zones);
    }

    private sealed record Entry<T>(T Item, IPreparedGeometry Prepared);
}
