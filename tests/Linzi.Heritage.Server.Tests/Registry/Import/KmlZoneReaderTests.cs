using System.Text;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Registry.Import;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Server.Tests.Registry.Import;

public sealed class KmlZoneReaderTests
{
    private static string Kml(string placemarks) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{placemarks}</Document></kml>""";

    private const string Ring = "<outerBoundaryIs><LinearRing><coordinates>118.366,36.874 118.368,36.874 118.368,36.876 118.366,36.876 118.366,36.874</coordinates></LinearRing></outerBoundaryIs>";

    [Fact]
    public void Read_Fixture_MatchesTheGeoJson()
    {
        var reference = ZoneFixtures.Reference();

        var result = ZoneFixtures.Read("xunma-zones.kml");

        Assert.Equal(ZoneFileFormat.Kml, result.Format);
        Assert.Empty(result.Errors);
        Assert.Equal(["xunma-protection", "xunma-control"], result.Features.Select(f => f.Id));
        foreach (var feature in result.Features)
        {
            var expected = reference[feature.Id!];
            Assert.Equal(expected.Kind, feature.Kind);
            Assert.Equal(expected.Name, feature.Name);
            Assert.True(expected.Geometry!.EqualsTopologically(feature.Geometry), feature.Id);
        }

        Assert.True(result.Validate("xunma").IsValid);
    }

    [Fact]
    public void Read_Kmz_ReadsItsDocKml()
    {
        var kmz = ZoneFixtures.Zip(("doc.kml", ZoneFixtures.Bytes("xunma-zones.kml")));

        var result = ZoneFileReader.Read(kmz, "zones.kmz", null);

        Assert.Equal(ZoneFileFormat.Kmz, result.Format);
        Assert.Equal(2, result.Validate("xunma").Zones.Count);
    }

    [Fact]
    public void Read_NoKind_IsAnErrorUnlessTheRequestGivesADefault()
    {
        var text = Kml($"<Placemark id=\"plot\"><name>地块</name><Polygon>{Ring}</Polygon></Placemark>");

        Assert.Equal("features[0].kind", Assert.Single(ZoneFixtures.ReadText(text).Validate("xunma").Errors).Path);
        var zone = Assert.Single(ZoneFixtures.ReadText(text, new ZoneFileReadOptions { DefaultKind = ZoneKind.Protection }).Validate("xunma").Zones);
        Assert.Equal(ZoneKind.Protection, zone.Kind);
        Assert.Equal("地块", zone.Name);
    }

    [Fact]
    public void Read_SchemaDataAndUnclosedRing_AreAccepted()
    {
        var text = Kml("""
            <Placemark><ExtendedData><SchemaData schemaUrl="#zones"><SimpleData name="ID">plot</SimpleData><SimpleData name="Kind">construction_control</SimpleData></SchemaData></ExtendedData>
            <Polygon><outerBoundaryIs><LinearRing><coordinates>118.366,36.874,12 118.368,36.874,12 118.368,36.876,12 118.366,36.876,12</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
            """);

        var zone = Assert.Single(ZoneFixtures.ReadText(text).Validate("xunma").Zones);

        Assert.Equal("plot", zone.Id);
        Assert.Equal(ZoneKind.ConstructionControl, zone.Kind);
        Assert.Equal(5, zone.Area.NumPoints);
    }

    [Fact]
    public void Read_MultiGeometryOfTwoPolygons_IsAMultiPolygon()
    {
        var second = Ring.Replace("118.366", "118.370", StringComparison.Ordinal).Replace("118.368", "118.372", StringComparison.Ordinal);
        var text = Kml($"<Placemark id=\"two\"><MultiGeometry><Polygon>{Ring}</Polygon><Polygon>{second}</Polygon></MultiGeometry></Placemark>");

        Assert.IsType<MultiPolygon>(Assert.Single(ZoneFixtures.ReadText(text).Features).Geometry);
    }

    [Fact]
    public void Read_PointPlacemark_IsAGeometryErrorOfThatFeature()
    {
        var text = Kml($"<Placemark id=\"a\"><Polygon>{Ring}</Polygon></Placemark><Placemark id=\"b\"><Point><coordinates>118.367,36.875</coordinates></Point></Placemark>");

        var error = Assert.Single(Assert.Single(ZoneFixtures.ReadText(text).Features, f => f.Id == "b").Errors);

        Assert.Equal("features[1].geometry", error.Path);
        Assert.Contains("Point is not a zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadCoordinate_SaysWhichAndWhere()
    {
        var text = Kml("<Placemark id=\"a\">\n<Polygon><outerBoundaryIs><LinearRing><coordinates>118.366;36.874 1 2 3</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>");

        var error = Assert.Single(Assert.Single(ZoneFixtures.ReadText(text).Features).Errors);

        Assert.Contains("'118.366;36.874'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BrokenXml_IsAFileError()
    {
        var error = Assert.Single(ZoneFixtures.ReadText("<kml><Placemark></kml>").Errors);

        Assert.StartsWith("Not valid XML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Dtd_IsRefused()
    {
        var text = """<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml><Placemark id="&x;"/></kml>""";

        var result = ZoneFileReader.Read(Encoding.UTF8.GetBytes(text), "a.kml", null);

        Assert.StartsWith("Not valid XML", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
