using System.IO.Compression;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Problems;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Reads a zone upload (GeoJSON, zipped Shapefile, KML or KMZ) into candidate features in WGS84 lon/lat, ready for
/// <see cref="ZoneImportValidator"/>. The format is told from the content (a zip, an XML document, a JSON object),
/// then from the file name or content type; a zip is a Shapefile when it holds a .shp and a KMZ when it holds a .kml.
/// The whole upload is read into memory, up to <see cref="ZoneFileReadOptions.MaxBytes"/>. Thread-safe.
/// </summary>
internal static class ZoneFileReader
{
    /// <summary>Reads an upload.</summary>
    /// <param name="content">The upload's bytes; read to the end, not disposed.</param>
    /// <param name="fileName">The uploaded file's name, if any, as a hint.</param>
    /// <param name="contentType">The upload's content type, if any, as a hint.</param>
    /// <param name="options">Default kind and size limits; <see cref="ZoneFileReadOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops reading the upload.</param>
    public static async Task<ZoneFileReadResult> ReadAsync(
        Stream content,
        string? fileName,
        string? contentType,
        ZoneFileReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= ZoneFileReadOptions.Default;
        var bytes = await BoundedRead.ReadAllAsync(content, options.MaxBytes, cancellationToken);
        return bytes is null
            ? ZoneFileReadResult.Failed(null, $"The upload is larger than {options.MaxBytes / (1024 * 1024)} MiB.")
            : Read(bytes, fileName, contentType, options);
    }

    /// <summary>Reads an upload already in memory.</summary>
    public static ZoneFileReadResult Read(ReadOnlyMemory<byte> bytes, string? fileName, string? contentType, ZoneFileReadOptions? options = null)
    {
        options ??= ZoneFileReadOptions.Default;
        var result = Detect(bytes.Span, fileName, contentType) switch
        {
            DetectedAs.Zip => ReadZip(bytes, options),
            DetectedAs.Xml => KmlZoneReader.Read(new MemoryStream(bytes.ToArray(), writable: false)),
            DetectedAs.Json => GeoJsonZoneReader.Read(WithoutBom(bytes)),
            _ => ZoneFileReadResult.Failed(null,
                "Unknown file format: upload a GeoJSON FeatureCollection, a zipped Shapefile (.shp, .dbf, .prj), a KML or a KMZ."),
        };
        return WithDefaultKind(result, options.DefaultKind);
    }

    private enum DetectedAs
    {
        Unknown,
        Zip,
        Xml,
        Json,
    }

    private static DetectedAs Detect(ReadOnlySpan<byte> bytes, string? fileName, string? contentType)
    {
        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return DetectedAs.Zip;
        }

        var text = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        var first = text.TrimStart(" \t\r\n"u8);
        if (!first.IsEmpty && first[0] == (byte)'<')
        {
            return DetectedAs.Xml;
        }

        if (!first.IsEmpty && first[0] == (byte)'{')
        {
            return DetectedAs.Json;
        }

        // Not recognisable by its first bytes (empty, or damaged): the hint decides which reader explains the problem.
        var hint = $"{Path.GetExtension(fileName)} {contentType}".ToUpperInvariant();
        return hint switch
        {
            _ when hint.Contains(".ZIP", StringComparison.Ordinal) || hint.Contains(".KMZ", StringComparison.Ordinal) || hint.Contains("ZIP", StringComparison.Ordinal) => DetectedAs.Zip,
            _ when hint.Contains(".KML", StringComparison.Ordinal) || hint.Contains("XML", StringComparison.Ordinal) => DetectedAs.Xml,
            _ when hint.Contains("JSON", StringComparison.Ordinal) => DetectedAs.Json,
            _ => DetectedAs.Unknown,
        };
    }

    private static ZoneFileReadResult ReadZip(ReadOnlyMemory<byte> bytes, ZoneFileReadOptions options)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes.ToArray(), writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Sum(e => e.Length) > options.MaxUnzippedBytes)
            {
                return ZoneFileReadResult.Failed(null, $"The zip unpacks to more than {options.MaxUnzippedBytes / (1024 * 1024)} MiB.");
            }

            if (zip.Entries.Any(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)))
            {
                return ShapefileZoneReader.Read(zip);
            }

            var kml = zip.Entries.Where(e => e.FullName.EndsWith(".kml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.FullName == "doc.kml" ? 0 : 1)
                .ThenBy(e => e.FullName.Count(c => c == '/'))
                .FirstOrDefault();
            if (kml is null)
            {
                return ZoneFileReadResult.Failed(null, "The zip holds neither a Shapefile (.shp) nor a KML (.kml).");
            }

            using var stream = kml.Open();
            return KmlZoneReader.Read(stream, ZoneFileFormat.Kmz);
        }
        catch (InvalidDataException ex)
        {
            return ZoneFileReadResult.Failed(null, $"Not a readable zip: {ex.Message}");
        }
    }

    private static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> bytes) =>
        bytes.Span.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;

    private static ZoneFileReadResult WithDefaultKind(ZoneFileReadResult result, ZoneKind? defaultKind) =>
        defaultKind is not { } kind
            ? result
            : result with { Features = [.. result.Features.Select(f => f.Kind is null ? f with { Kind = kind.ToWire() } : f)] };
}
