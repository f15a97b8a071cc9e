using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Linzi.Heritage.Domain.Geofencing;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Reads the zones of a KML document: each Placemark is a feature, its Polygon (or the Polygons of a MultiGeometry)
/// the zone, <c>&lt;name&gt;</c> its name, its <c>id</c> attribute or an ExtendedData field <c>id</c> its id, and an
/// ExtendedData field <c>kind</c> its kind (both <c>Data/value</c> and <c>SchemaData/SimpleData</c> are read).
/// Elements are matched by local name, so KML 2.0–2.2 and files without a namespace all read. DTDs are refused
/// (no entity expansion, no external fetches). Thread-safe.
/// </summary>
internal static class KmlZoneReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private static readonly string[] OtherGeometries = ["Point", "LineString", "LinearRing", "Model", "Track", "MultiTrack"];

    /// <summary>Reads a KML document.</summary>
    public static ZoneFileReadResult Read(Stream kml, ZoneFileFormat format = ZoneFileFormat.Kml)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(kml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            return ZoneFileReadResult.Failed(format, $"Not valid XML: {ex.Message}");
        }

        if (document.Root is not { Name.LocalName: "kml" } root)
        {
            return ZoneFileReadResult.Failed(format, "Not a KML document: the root element must be <kml>.");
        }

        var placemarks = root.Descendants().Where(e => e.Name.LocalName == "Placemark").ToList();
        if (placemarks.Count == 0)
        {
            return ZoneFileReadResult.Failed(format, "The KML has no Placemark.");
        }

        return new ZoneFileReadResult(format, [.. placemarks.Select(Placemark)], []);
    }

    private static ZoneCandidate Placemark(XElement placemark, int index)
    {
        var id = ZoneAttributes.Text(placemark.Attribute("id")?.Value) ?? Data(placemark, "id");
        var candidate = new ZoneCandidate(
            index,
            id,
            Data(placemark, "kind") ?? Data(placemark, "type"),
            ZoneAttributes.Text(Child(placemark, "name")?.Value),
            null,
            []);

        var polygons = new List<Polygon>();
        var errors = new List<ZoneImportError>();
        foreach (var element in placemark.Elements())
        {
            Collect(element, candidate, polygons, errors);
        }

        Geometry? geometry = polygons.Count switch
        {
            0 => null,
            1 => polygons[0],
            _ => Factory.CreateMultiPolygon([.. polygons]),
        };
        return candidate with { Geometry = errors.Count == 0 ? geometry : null, Errors = errors };
    }

    private static void Collect(XElement element, ZoneCandidate candidate, List<Polygon> polygons, List<ZoneImportError> errors)
    {
        switch (element.Name.LocalName)
        {
            case "Polygon":
                try
                {
                    polygons.Add(Polygon(element));
                }
                catch (ZoneFileException ex)
                {
                    errors.Add(candidate.Error("geometry", ex.Message));
                }

                break;
            case "MultiGeometry":
                foreach (var child in element.Elements())
                {
                    Collect(child, candidate, polygons, errors);
                }

                break;
            case var name when OtherGeometries.Contains(name):
                errors.Add(candidate.Error("geometry", $"A {name} is not a zone: a Polygon (or a MultiGeometry of Polygons) is required."));
                break;
        }
    }

    private static Polygon Polygon(XElement polygon)
    {
        var outer = Child(polygon, "outerBoundaryIs")
            ?? throw new ZoneFileException($"A Polygon without outerBoundaryIs{Line(polygon)}.");
        var holes = polygon.Elements().Where(e => e.Name.LocalName == "innerBoundaryIs").Select(Ring).ToArray();
        return Factory.CreatePolygon(Ring(outer), holes);
    }

    private static LinearRing Ring(XElement boundary)
    {
        var text = (Child(Child(boundary, "LinearRing"), "coordinates")
            ?? throw new ZoneFileException($"A {boundary.Name.LocalName} without LinearRing/coordinates{Line(boundary)}.")).Value;
        var coordinates = new List<Coordinate>();
        foreach (var tuple in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // lon,lat[,alt]: the altitude is dropped, zones are flat.
            var parts = tuple.Split(',');
            if (parts.Length is < 2 or > 3 ||
                !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) ||
                !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
            {
                throw new ZoneFileException($"'{tuple}' is not a coordinate lon,lat[,alt]{Line(boundary)}.");
            }

            coordinates.Add(new Coordinate(lon, lat));
        }

        // KML asks for closed rings, but hand-made files often leave the last point out; closing them is harmless.
        if (coordinates.Count > 0 && !coordinates[0].Equals2D(coordinates[^1]))
        {
            coordinates.Add(coordinates[0].Copy());
        }

        if (coordinates.Count < 4)
        {
            throw new ZoneFileException($"A ring needs at least three distinct points{Line(boundary)}.");
        }

        return Factory.CreateLinearRing([.. coordinates]);
    }

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static string? Data(XElement placemark, string key)
    {
        var extended = Child(placemark, "ExtendedData");
        if (extended is null)
        {
            return null;
        }

        var fields = extended.Descendants().Where(e =>
            e.Name.LocalName is "Data" or "SimpleData" &&
            string.Equals(e.Attribute("name")?.Value.Trim(), key, StringComparison.OrdinalIgnoreCase));
        return fields.Select(e => ZoneAttributes.Text(e.Name.LocalName == "Data" ? Child(e, "value")?.Value : e.Value))
            .FirstOrDefault(v => v is not null);
    }

    private static string Line(XElement element) =>
        element is IXmlLineInfo info && info.HasLineInfo()
            ? string.Create(CultureInfo.InvariantCulture, $" (line {info.LineNumber})")
            : "";
}
