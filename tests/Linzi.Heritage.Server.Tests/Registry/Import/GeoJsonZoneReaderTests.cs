using Linzi.Heritage.Server.Registry.Import;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Server.Tests.Registry.Import;

public sealed class GeoJsonZoneReaderTests
{
    private static string Collection(string features, string crs = "") =>
        $$"""{ "type": "FeatureCollection", {{crs}} "features": [ {{features}} ] }""";

    private static string Feature(string id, string? kind, string geometry) =>
        $$"""{ "type": "Feature", "properties": { "id": "{{id}}"{{(kind is null ? "" : $", \"kind\": \"{kind}\"")}} }, "geometry": {{geometry}} }""";

    private const string Square = """{ "type": "Polygon", "coordinates": [[[118.366, 36.874], [118.368, 36.874], [118.368, 36.876], [118.366, 36.876], [118.366, 36.874]]] }""";

    // The ring crosses itself at (118.367, 36.875).
    private const string BowTie = """{ "type": "Polygon", "coordinates": [[[118.366, 36.874], [118.368, 36.876], [118.368, 36.874], [118.366, 36.876], [118.366, 36.874]]] }""";

    [Fact]
    public void Read_Fixture_GivesBothZonesWithTheirAttributes()
    {
        var result = ZoneFixtures.Read("xunma-zones.geojson");

        Assert.Equal(ZoneFileFormat.GeoJson, result.Format);
        Assert.Empty(result.Errors);
        Assert.Equal(["xunma-protection", "xunma-control"], result.Features.Select(f => f.Id));
        Assert.Equal(["protection", "construction_control"], result.Features.Select(f => f.Kind));
        Assert.Equal("殉马坑保护范围", result.Features[0].Name);
        Assert.Equal(118.3662, result.Features[0].Geometry!.Coordinates[0].X);
        Assert.Equal(36.8739, result.Features[0].Geometry!.Coordinates[0].Y);
        Assert.True(result.Validate("xunma").IsValid);
    }

    [Fact]
    public void Read_BrokenJson_IsAFileErrorSayingSo()
    {
        var result = ZoneFixtures.ReadText("""{ "type": "FeatureCollection", "features": [ { "type": "Feature", """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("file", error.Path);
        Assert.StartsWith("Not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotAFeatureCollection_SaysWhatIsExpected()
    {
        var error = Assert.Single(ZoneFixtures.ReadText(Feature("a", "protection", Square)).Errors);

        Assert.Contains("FeatureCollection", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84")]
    [InlineData("EPSG:4326")]
    [InlineData("urn:ogc:def:crs:EPSG::4490")]
    public void Read_CrsOfWgs84_IsAccepted(string name)
    {
        var text = Collection(Feature("a", "protection", Square), $$"""  "crs": { "type": "name", "properties": { "name": "{{name}}" } }, """);

        Assert.Empty(ZoneFixtures.ReadText(text).Errors);
    }

    [Fact]
    public void Read_CrsOfAnotherProjection_IsUnknownProjection()
    {
        var text = Collection(Feature("a", "protection", Square), """ "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:EPSG::3857" } }, """);

        var error = Assert.Single(ZoneFixtures.ReadText(text).Errors);

        Assert.StartsWith("Unknown projection: urn:ogc:def:crs:EPSG::3857", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BowTie_ValidationNamesTheFeatureAndTheSelfIntersection()
    {
        var text = Collection($"{Feature("ok", "protection", Square)}, {Feature("tie", "protection", BowTie)}");

        var error = Assert.Single(ZoneFixtures.ReadText(text).Validate("xunma").Errors);

        Assert.Equal("features[1].geometry", error.Path);
        Assert.Equal("tie", error.FeatureId);
        Assert.Contains("Self-intersection at (118.367, 36.875)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingKind_IsAKindErrorUnlessADefaultIsGiven()
    {
        var text = Collection(Feature("a", null, Square));

        var error = Assert.Single(ZoneFixtures.ReadText(text).Validate("xunma").Errors);
        Assert.Equal("features[0].kind", error.Path);

        var withDefault = ZoneFixtures.ReadText(text, new ZoneFileReadOptions { DefaultKind = Domain.Registry.ZoneKind.ConstructionControl });
        Assert.Equal(Domain.Registry.ZoneKind.ConstructionControl, Assert.Single(withDefault.Validate("xunma").Zones).Kind);
    }

    [Fact]
    public void Read_DuplicateId_IsAnIdError()
    {
        var text = Collection($"{Feature("a", "protection", Square)}, {Feature("a", "construction_control", Square)}");

        var error = Assert.Single(ZoneFixtures.ReadText(text).Validate("xunma").Errors);

        Assert.Equal("features[1].id", error.Path);
        Assert.Contains("Duplicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnreadableGeometry_IsAGeometryErrorOfThatFeature()
    {
        var text = Collection(Feature("a", "protection", """{ "type": "Polygon", "coordinates": "here" }"""));

        var result = ZoneFixtures.ReadText(text);

        var error = Assert.Single(Assert.Single(result.Features).Errors);
        Assert.Equal("features[0].geometry", error.Path);
        Assert.Single(result.Validate("xunma").Errors);
    }

    [Fact]
    public void Read_PointGeometry_IsRefusedByValidation()
    {
        var text = Collection(Feature("a", "protection", """{ "type": "Point", "coordinates": [118.367, 36.875] }"""));

        var error = Assert.Single(ZoneFixtures.ReadText(text).Validate("xunma").Errors);

        Assert.Contains("Point is not a zone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NumericIdAndFeatureLevelId_AreTaken()
    {
        var text = Collection("""
            { "type": "Feature", "properties": { "id": 17, "kind": "protection" }, "geometry": null },
            { "type": "Feature", "id": "outer", "properties": { "kind": "protection" }, "geometry": null }
            """);

        Assert.Equal(["17", "outer"], ZoneFixtures.ReadText(text).Features.Select(f => f.Id));
    }

    [Fact]
    public void Read_MultiPolygon_IsKept()
    {
        var multi = """{ "type": "MultiPolygon", "coordinates": [[[[118.36, 36.87], [118.362, 36.87], [118.362, 36.872], [118.36, 36.87]]], [[[118.37, 36.87], [118.372, 36.87], [118.372, 36.872], [118.37, 36.87]]]] }""";

        var feature = Assert.Single(ZoneFixtures.ReadText(Collection(Feature("two", "protection", multi))).Features);

        Assert.IsType<MultiPolygon>(feature.Geometry);
    }
}
