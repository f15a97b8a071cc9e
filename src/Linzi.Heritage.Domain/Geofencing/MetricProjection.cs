using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Projects WGS84 lon/lat into UTM zone 50N (EPSG:32650), which covers Linzi (114°–120° E), so distances are in
/// metres. Degrees are never used as a distance: at 36.9° N a degree of longitude is about 89 km, one of latitude
/// 111 km. Thread-safe: ProjNet's transforms are not documented as such, so calls are serialised.
/// </summary>
public static class MetricProjection
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 32650);
    private static readonly Lock Gate = new();
    private static readonly MathTransform Transform = new CoordinateTransformationFactory()
        .CreateFromCoordinateSystems(GeographicCoordinateSystem.WGS84, ProjectedCoordinateSystem.WGS84_UTM(50, true))
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
    public static Geometry Project(Geometry wgs84)
    {
        ArgumentNullException.ThrowIfNull(wgs84);
        var copy = wgs84.Copy();
        lock (Gate)
        {
            copy.Apply(new ProjectFilter());
        }

        copy.SRID = 32650;
        copy.GeometryChanged();
        return copy;
    }

    private sealed class ProjectFilter : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = Transform.Transform(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
