using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Projects WGS84 lon/lat into UTM zone 50N (EPSG:32650), which covers Linzi (114°–120° E), so distances are in
/// metres, and back. Degrees are never used as a distance: at 36.9° N a degree of longitude is about 89 km, one of
/// latitude 111 km. Thread-safe: ProjNet's transforms are not documented as such, so calls are serialised.
/// </summary>
public static class MetricProjection
{
    /// <summary>The SRID of the metric geometries this class returns: WGS 84 / UTM zone 50N.</summary>
    public const int Srid = 32650;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), Srid);
    private static readonly Lock Gate = new();
    private static readonly MathTransform Transform = new CoordinateTransformationFactory()
        .CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, ProjectedCoordinateSystem.WGS84_UTM(50, true))
        .MathTransform;

    // A transform of its own rather than Transform.Inverse(): some ProjNet transforms invert in place.
    private static readonly MathTransform InverseTransform = new CoordinateTransformationFactory()
        .CreateFromCoordinateSystems(ProjectedCoordinateSystem.WGS84_UTM(50, true), GeographicCoordinateSystem.WGS84)
        .MathTransform;

    /// <summary>A point in metres (easting, northing).</summary>
    public static Point Point(double lat, double lon)
    {
        lock (Gate)
        {
            var (x, y) = Transform.Transform(lon, lat);
            return Factory.CreatePoint(new Coordinate(x, y));
        }
    }

    /// <summary>A WGS84 geometry (x = lon, y = lat) projected into metres.</summary>
    public static Geometry Project(Geometry wgs84) => Apply(wgs84, Transform, Srid);

    /// <summary>A UTM 50N geometry in metres back in WGS84 lon/lat (x = lon, y = lat), SRID 4326.</summary>
    public static Geometry Unproject(Geometry utm) => Apply(utm, InverseTransform, 4326);

    private static Geometry Apply(Geometry geometry, MathTransform transform, int srid)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        lock (Gate)
        {
            copy.Apply(new CoordinateTransformFilter(transform));
        }

        copy.SRID = srid;
        copy.GeometryChanged();
        return copy;
    }
}
