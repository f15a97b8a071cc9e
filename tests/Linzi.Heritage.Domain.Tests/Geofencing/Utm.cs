using Linzi.Heritage.Domain.Geofencing;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.IO;

namespace Linzi.Heritage.Domain.Tests.Geofencing;

/// <summary>Test geometry written in UTM 50N metres, where sizes are easy to read, and brought to WGS84.</summary>
internal static class Utm
{
    /// <summary>A WGS84 geometry from WKT in UTM 50N metres (Linzi lies around E 620 000, N 4 080 000).</summary>
    public static Geometry ToWgs84(string utmWkt) => MetricProjection.Unproject(new WKTReader().Read(utmWkt));

    /// <summary>A WGS84 geometry moved by the given metres east and north.</summary>
    public static Geometry Shift(Geometry wgs84, double eastM, double northM) =>
        MetricProjection.Unproject(AffineTransformation.TranslationInstance(eastM, northM).Transform(MetricProjection.Project(wgs84)));
}
