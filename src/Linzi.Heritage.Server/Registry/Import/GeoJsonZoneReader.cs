using System.Text.Json;
using Linzi.Heritage.Domain.Geofencing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Reads the zones of a GeoJSON FeatureCollection (RFC 7946: WGS84 lon/lat). The document is walked with
/// <see cref="JsonDocument"/> so that each feature's problems carry its index; NTS's converter parses the geometries.
/// An old-style <c>crs</c> member is accepted only when it names WGS84 (CRS84, EPSG:4326) or CGCS2000 (EPSG:4490,
/// taken as WGS84, see <see cref="ShapefileProjection"/>). Thread-safe.
/// </summary>
internal static class GeoJsonZoneReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory(Factory) } };
    private static readonly string[] AcceptedCrs = ["CRS84", "EPSG:4326", "EPSG::4326", "EPSG:4490", "EPSG::4490"];

    /// <summary>Reads a UTF-8 GeoJSON document.</summary>
    public static ZoneFileReadResult Read(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return ZoneFileReadResult.Failed(ZoneFileFormat.GeoJson, $"Not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || StringOf(root, "type") != "FeatureCollection")
            {
                return ZoneFileReadResult.Failed(ZoneFileFormat.GeoJson, "Not a GeoJSON FeatureCollection: the top level needs \"type\": \"FeatureCollection\" and \"features\".");
            }

            if (CrsError(root) is { } crsError)
            {
                return ZoneFileReadResult.Failed(ZoneFileFormat.GeoJson, crsError);
            }

            if (!root.TryGetProperty("features", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return ZoneFileReadResult.Failed(ZoneFileFormat.GeoJson, "The FeatureCollection has no \"features\" array.");
            }

            return new ZoneFileReadResult(ZoneFileFormat.GeoJson, [.. array.EnumerateArray().Select(Feature)], []);
        }
    }

    private static ZoneCandidate Feature(JsonElement feature, int index)
    {
        if (feature.ValueKind != JsonValueKind.Object || StringOf(feature, "type") != "Feature")
        {
            return new ZoneCandidate(index, null, null, null, null,
                [new ZoneImportError(ZoneImportError.FeaturePath(index, "type"), "Not a GeoJSON Feature: \"type\": \"Feature\" is required.")]);
        }

        var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;

        // The contract puts the id in properties; a Feature's own "id" member is taken when properties has none.
        var id = Text(properties, "id") ?? Text(feature, "id");
        var candidate = new ZoneCandidate(index, id, Text(properties, "kind"), Text(properties, "name"), null, []);
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind == JsonValueKind.Null)
        {
            return candidate;
        }

        try
        {
            return candidate with { Geometry = geometry.Deserialize<Geometry>(Options) };
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            return candidate with { Errors = [candidate.Error("geometry", $"Not a readable GeoJSON geometry: {ex.Message}")] };
        }
    }

    private static string? CrsError(JsonElement root)
    {
        if (!root.TryGetProperty("crs", out var crs) || crs.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var name = crs.ValueKind == JsonValueKind.Object && crs.TryGetProperty("properties", out var properties)
            ? StringOf(properties, "name")
            : null;
        return name is not null && AcceptedCrs.Any(a => name.EndsWith(a, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"Unknown projection: {name ?? crs.GetRawText()}. GeoJSON must be WGS84 longitude/latitude (RFC 7946): export it as EPSG:4326.";
    }

    private static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? StringOf(value)
            : null;

    // Ids may be written as numbers; anything else (objects, arrays) counts as absent and the validator says so.
    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => ZoneAttributes.Text(StringOf(value)),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    // An escaped lone surrogate ("\ud800") is valid JSON syntax that no .NET string can hold: GetString throws
    // InvalidOperationException (found by fuzzing, issue 15). Such a value counts as absent, so the validator names
    // the field instead of the upload failing with a server error.
    private static string? StringOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
