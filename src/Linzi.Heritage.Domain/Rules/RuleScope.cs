using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>Which readings a rule looks at. An empty list means "any". Immutable.</summary>
public sealed record RuleScope(
    IReadOnlyList<string> SiteIds,
    IReadOnlyList<ZoneKind> ZoneKinds,
    IReadOnlyList<string> CellIds,
    IReadOnlyList<string> DeviceKinds,
    IReadOnlyList<string>? DeviceIds = null)
{
    /// <summary>A scope that matches every reading.</summary>
    public static readonly RuleScope Everything = new([], [], [], []);

    /// <summary>Device ids; empty for all.</summary>
    public IReadOnlyList<string> DeviceIds { get; init; } = DeviceIds ?? [];

    /// <summary>Protection levels of the device's site; empty for all.</summary>
    public IReadOnlyList<ProtectionLevel> ProtectionLevels { get; init; } = [];

    /// <summary>Only readings within a distance of a geometry; null for anywhere.</summary>
    public DistanceScope? Near { get; init; }

    /// <summary>True when the scope depends on where the reading was taken, not only on which device took it.</summary>
    public bool IsLocational => ZoneKinds.Count > 0 || CellIds.Count > 0 || Near is not null;
}

/// <summary>
/// "Within <see cref="Metres"/> of <see cref="Geometry"/>", such as 50 m of a city-wall line. The distance is
/// measured in UTM 50N metres, never in degrees.
/// </summary>
public sealed record DistanceScope
{
    /// <summary>Builds the scope and projects the geometry once.</summary>
    /// <param name="geometry">WGS84 geometry (x = lon, y = lat).</param>
    /// <param name="metres">Distance; zero means on or inside the geometry.</param>
    public DistanceScope(Geometry geometry, double metres)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        Metres = metres;
        Projected = Geofencing.MetricProjection.Project(geometry);
    }

    /// <summary>The WGS84 geometry.</summary>
    public Geometry Geometry { get; }

    /// <summary>The distance in metres.</summary>
    public double Metres { get; }

    /// <summary>The geometry in UTM 50N metres.</summary>
    public Geometry Projected { get; }

    /// <summary>True when the WGS84 position lies within the distance.</summary>
    public bool Contains(double lat, double lon) =>
        Projected.IsWithinDistance(Geofencing.MetricProjection.Point(lat, lon), Metres);
}
