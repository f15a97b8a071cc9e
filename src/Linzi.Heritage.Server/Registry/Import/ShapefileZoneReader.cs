using System.IO.Compression;
using System.Text;
using Linzi.Heritage.Domain.Geofencing;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Reads the zones of a zipped Esri Shapefile upload. Every .shp in the zip (at its root or in folders) is a layer;
/// each needs its .dbf and .prj beside it, and a .cpg when its attributes are not UTF-8. Features are numbered across
/// layers in the order of the layers' paths. Thread-safe (all state is per call).
/// </summary>
internal static class ShapefileZoneReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Reads every layer of the zip.</summary>
    public static ZoneFileReadResult Read(ZipArchive zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var entries = zip.Entries.Where(e => !IsMacResourceFork(e.FullName)).ToList();
        var layers = entries.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.FullName, StringComparer.Ordinal)
            .ToList();
        if (layers.Count == 0)
        {
            return ZoneFileReadResult.Failed(ZoneFileFormat.Shapefile, "The zip holds no .shp file.");
        }

        var features = new List<ZoneCandidate>();
        var errors = new List<ZoneImportError>();
        foreach (var shp in layers)
        {
            try
            {
                ReadLayer(shp, entries, features);
            }
            catch (ZoneFileException ex)
            {
                errors.Add(ZoneImportError.File(ex.Message));
            }
        }

        return new ZoneFileReadResult(ZoneFileFormat.Shapefile, features, errors);
    }

    private static void ReadLayer(ZipArchiveEntry shp, List<ZipArchiveEntry> entries, List<ZoneCandidate> features)
    {
        var layer = shp.FullName;
        var stem = layer[..^".shp".Length];
        var dbf = Sibling(entries, stem, ".dbf")
            ?? throw new ZoneFileException($"{layer} has no .dbf beside it: the zones' ids and kinds are in the .dbf.");
        var prj = Sibling(entries, stem, ".prj");
        var projection = ShapefileProjection.FromPrj(prj is null ? null : Encoding.UTF8.GetString(Bytes(prj)), layer);
        var cpg = Sibling(entries, stem, ".cpg");
        var dbfBytes = Bytes(dbf);
        var options = new ShapefileReaderOptions
        {
            Factory = Factory,
            Encoding = DbfEncodings.For(cpg is null ? null : Encoding.ASCII.GetString(Bytes(cpg)), dbfBytes),

            // Keep invalid shapes as they are: the validator reports them with their position instead of the
            // reader fixing or dropping them silently.
            GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes,
        };

        Feature[] read;
        try
        {
            using var shpStream = new MemoryStream(Bytes(shp), writable: false);
            using var dbfStream = new MemoryStream(dbfBytes, writable: false);
            read = Shapefile.ReadAllFeatures(shpStream, dbfStream, options);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or OverflowException or FormatException)
        {
            throw new ZoneFileException($"{layer} is not a readable shapefile: {ex.Message}");
        }

        foreach (var feature in read)
        {
            var attributes = feature.Attributes?.GetNames().ToDictionary(n => n, n => (object?)feature.Attributes[n], StringComparer.Ordinal)
                ?? [];
            var geometry = feature.Geometry is { IsEmpty: false } g ? projection.ToWgs84(SinglePart(g)) : null;
            features.Add(new ZoneCandidate(
                features.Count,
                ZoneAttributes.Id(attributes),
                ZoneAttributes.Kind(attributes),
                ZoneAttributes.Name(attributes),
                geometry,
                []));
        }
    }

    // Every polygon shape reads as a MultiPolygon; a one-part one is kept as the Polygon it is, as GeoJSON and KML give it.
    private static Geometry SinglePart(Geometry geometry) =>
        geometry is MultiPolygon { NumGeometries: 1 } multi ? multi.GetGeometryN(0) : geometry;

    private static ZipArchiveEntry? Sibling(List<ZipArchiveEntry> entries, string stem, string extension) =>
        entries.FirstOrDefault(e => e.FullName.Length == stem.Length + extension.Length &&
            e.FullName.StartsWith(stem, StringComparison.Ordinal) &&
            e.FullName.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    // Zips made on a Mac carry ._name.shp copies of each file's metadata under __MACOSX/; they are not shapefiles.
    private static bool IsMacResourceFork(string path) =>
        path.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(path).StartsWith("._", StringComparison.Ordinal);

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
