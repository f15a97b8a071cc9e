using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>Reads and writes WGS84 geometry as WKT, the format the registry's data files use.</summary>
public static class Wkt
{
    private static readonly NtsGeometryServices Services = new(new PrecisionModel(), 4326);

    /// <summary>Parses WKT into a valid geometry with SRID 4326, or throws <see cref="FormatException"/>.</summary>
    public static Geometry Parse(string wkt)
    {
        Geometry geometry;
        try
        {
            // WKTReader is not thread-safe, so each call gets its own.
            geometry = new WKTReader(Services).Read(wkt);
        }
        catch (ParseException ex)
        {
            throw new FormatException($"Invalid WKT: {ex.Message}", ex);
        }

        if (!geometry.IsValid)
        {
            throw new FormatException("The WKT geometry is not valid (self-intersecting or badly ringed).");
        }

        geometry.SRID = 4326;
        return geometry;
    }

    /// <summary>Writes a geometry as WKT.</summary>
    public static string Write(Geometry geometry) => new WKTWriter().Write(geometry);
}
