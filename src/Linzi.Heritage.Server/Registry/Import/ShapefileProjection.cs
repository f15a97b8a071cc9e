using System.Text.RegularExpressions;
using Linzi.Heritage.Domain.Geofencing;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Reads a shapefile's .prj (WKT1, Esri or OGC flavour) and brings its coordinates to WGS84 lon/lat.
/// Accepted, recognised by their parameters rather than their names (which differ between Esri, GDAL and EPSG):
/// <list type="bullet">
/// <item>geographic lon/lat on WGS84 (EPSG:4326) or CGCS2000 (EPSG:4490);</item>
/// <item>Transverse Mercator or Gauss-Krüger in metres on either ellipsoid: UTM 50N (EPSG:32650), CGCS2000
/// 3-degree Gauss-Krüger zone 39 (EPSG:4527, false easting 39 500 000) and CM 117E (EPSG:4548, false easting
/// 500 000), and their neighbouring zones.</item>
/// </list>
/// CGCS2000 is taken as WGS84: the two frames agree to a few centimetres in China today, and their ellipsoids differ
/// by 0.1 mm in the semi-minor axis, far below the metre a zone boundary is drawn to; EPSG itself publishes no
/// shift between them. Beijing 1954 and Xian 1980 are refused: they need a local seven-parameter transformation the
/// file does not carry, and guessing it would misplace zones by tens to hundreds of metres.
/// An instance holds a ProjNet transform and is not thread-safe; make one per file.
/// </summary>
internal sealed partial class ShapefileProjection
{
    private const string Accepted =
        "accepted: WGS84 or CGCS2000 longitude/latitude (EPSG:4326, 4490), UTM 50N (EPSG:32650), " +
        "CGCS2000 3-degree Gauss-Krüger zone 39 or CM 117E (EPSG:4527, 4548)";

    private readonly MathTransform? _toWgs84;

    private ShapefileProjection(string name, MathTransform? toWgs84)
    {
        Name = name;
        _toWgs84 = toWgs84;
    }

    /// <summary>The coordinate system's name as the .prj gives it.</summary>
    public string Name { get; }

    /// <summary>Reads a .prj; throws <see cref="ZoneFileException"/> naming the file when it is missing or not accepted.</summary>
    /// <param name="prjWkt">The .prj's text, or null when the zip has none.</param>
    /// <param name="layer">The .shp's name in the zip, for messages.</param>
    public static ShapefileProjection FromPrj(string? prjWkt, string layer)
    {
        if (string.IsNullOrWhiteSpace(prjWkt))
        {
            throw new ZoneFileException($"Missing projection: {layer} has no .prj beside it, so its coordinates cannot be placed ({Accepted}).");
        }

        CoordinateSystem system;
        try
        {
            // ProjNet knows Gauss-Krüger by its generic name: it is the ellipsoidal Transverse Mercator.
            system = new CoordinateSystemFactory().CreateFromWkt(GaussKruger().Replace(prjWkt.Trim(), "PROJECTION[\"Transverse_Mercator\""));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or NotSupportedException or NullReferenceException)
        {
            throw new ZoneFileException($"Unknown projection: the .prj of {layer} is not readable WKT ({ex.Message}); {Accepted}.");
        }

        return system switch
        {
            GeographicCoordinateSystem g when IsWgs84Like(g) => new ShapefileProjection(g.Name, null),
            ProjectedCoordinateSystem p when IsWgs84Like(p.GeographicCoordinateSystem) && IsMetricTransverseMercator(p) =>
                new ShapefileProjection(p.Name, TransverseMercatorToWgs84(p)),
            _ => throw new ZoneFileException($"Unknown projection: {system.Name} (in {layer}); {Accepted}."),
        };
    }

    /// <summary>A copy of <paramref name="geometry"/> in WGS84 lon/lat, SRID 4326.</summary>
    public Geometry ToWgs84(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var copy = geometry.Copy();
        if (_toWgs84 is not null)
        {
            copy.Apply(new CoordinateTransformFilter(_toWgs84));
            copy.GeometryChanged();
        }

        copy.SRID = 4326;
        return copy;
    }

    [GeneratedRegex("""PROJECTION\[\s*"Gauss[_ -]Kruger"\s*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GaussKruger();

    private static bool IsWgs84Like(GeographicCoordinateSystem g)
    {
        var ellipsoid = g.HorizontalDatum.Ellipsoid;
        var metres = ellipsoid.SemiMajorAxis * ellipsoid.AxisUnit.MetersPerUnit;
        var shift = g.HorizontalDatum.Wgs84Parameters;
        return Math.Abs(metres - 6378137) < 0.001 &&
            (Math.Abs(ellipsoid.InverseFlattening - 298.257223563) < 1e-6 || Math.Abs(ellipsoid.InverseFlattening - 298.257222101) < 1e-6) &&
            g.PrimeMeridian.Longitude == 0 &&
            Math.Abs(g.AngularUnit.RadiansPerUnit - (Math.PI / 180)) < 1e-12 &&
            (shift is null || shift.HasZeroValuesOnly);
    }

    private static bool IsMetricTransverseMercator(ProjectedCoordinateSystem p) =>
        string.Equals(p.Projection.ClassName, "Transverse_Mercator", StringComparison.OrdinalIgnoreCase) &&
        p.LinearUnit.MetersPerUnit == 1;

    // The projection is rebuilt on the WGS84 ellipsoid (see the class comment) so that ProjNet applies no datum
    // shift of its own; its parameters, lower-cased, are the names ProjNet's Transverse Mercator asks for.
    private static MathTransform TransverseMercatorToWgs84(ProjectedCoordinateSystem p)
    {
        var factory = new CoordinateSystemFactory();
        var parameters = Enumerable.Range(0, p.Projection.NumParameters)
            .Select(i => p.Projection.GetParameter(i))
            .Select(parameter => new ProjectionParameter(parameter.Name.ToLowerInvariant(), parameter.Value))
            .ToList();
        var projection = factory.CreateProjection(p.Name, "Transverse_Mercator", parameters);
        var source = factory.CreateProjectedCoordinateSystem(
            p.Name,
            GeographicCoordinateSystem.WGS84,
            projection,
            LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East),
            new AxisInfo("North", AxisOrientationEnum.North));
        return new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, GeographicCoordinateSystem.WGS84).MathTransform;
    }
}
