using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>Where a point falls: at most one grid cell and any number of zones. Immutable.</summary>
public sealed record Location(GridCell? Cell, IReadOnlyList<Zone> Zones)
{
    /// <summary>A point outside every cell and zone.</summary>
    public static readonly Location Nowhere = new(null, []);
}
