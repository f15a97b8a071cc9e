using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Linzi.Heritage.Domain.Tests.Geofencing;

public sealed class ZoneImportValidatorTests
{
    // About 200 × 150 m at the horse-burial pit.
    private const string Pit = "POLYGON ((118.3662 36.8739, 118.3698 36.8741, 118.3701 36.8755, 118.3676 36.8767, 118.3661 36.8759, 118.3662 36.8739))";

    // A bow-tie: the ring crosses itself at (118.367, 36.875).
    private const string BowTie = "POLYGON ((118.366 36.874, 118.368 36.876, 118.368 36.874, 118.366 36.876, 118.366 36.874))";

    private static ZoneCandidate Candidate(int index, string? id, string? kind, string? wkt, string? name = null) =>
        new(index, id, kind, name, wkt is null ? null : new WKTReader().Read(wkt), []);

    private static ZoneImportValidation Validate(params ZoneCandidate[] candidates) =>
        ZoneImportValidator.Validate("xunma", candidates);

    [Fact]
    public void Validate_GoodFeatures_BuildsZonesOfTheSite()
    {
        var result = Validate(
            Candidate(0, "pit", "protection", Pit, "殉马坑保护范围"),
            Candidate(1, "pit-control", "construction_control", Pit));

        Assert.True(result.IsValid);
        Assert.Equal(["pit", "pit-control"], result.Zones.Select(z => z.Id));
        Assert.Equal([ZoneKind.Protection, ZoneKind.ConstructionControl], result.Zones.Select(z => z.Kind));
        Assert.All(result.Zones, z => Assert.Equal("xunma", z.SiteId));
        Assert.Equal("殉马坑保护范围", result.Zones[0].Name);
        Assert.Equal("pit-control", result.Zones[1].Name);
        Assert.Equal(4326, result.Zones[0].Area.SRID);
    }

    [Fact]
    public void Validate_BowTie_NamesTheFeatureAndWhereItCrossesItself()
    {
        var result = Validate(Candidate(0, "ok", "protection", Pit), Candidate(1, "tie", "protection", BowTie));

        var error = Assert.Single(result.Errors);
        Assert.Equal("features[1].geometry", error.Path);
        Assert.Equal("tie", error.FeatureId);
        Assert.StartsWith("Self-intersection at (118.367, 36.875)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("features[1].geometry: 'tie': Self-intersection", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(["ok"], result.Zones.Select(z => z.Id));
    }

    [Fact]
    public void Validate_MissingKind_IsAKindError()
    {
        var error = Assert.Single(Validate(Candidate(0, "pit", null, Pit)).Errors);

        Assert.Equal("features[0].kind", error.Path);
        Assert.Contains("protection or construction_control", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownKind_SaysWhatItGot()
    {
        var error = Assert.Single(Validate(Candidate(0, "pit", "buffer", Pit)).Errors);

        Assert.Equal("features[0].kind", error.Path);
        Assert.Contains("'buffer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateId_PointsAtTheFirstFeatureWithIt()
    {
        var result = Validate(Candidate(0, "pit", "protection", Pit), Candidate(1, "pit", "construction_control", Pit));

        var error = Assert.Single(result.Errors);
        Assert.Equal("features[1].id", error.Path);
        Assert.Contains("features[0]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Pit")]
    [InlineData("-pit")]
    [InlineData("pit zone")]
    [InlineData("殉马坑")]
    public void Validate_MissingOrMalformedId_IsAnIdError(string? id)
    {
        var error = Assert.Single(Validate(Candidate(0, id, "protection", Pit)).Errors);

        Assert.Equal("features[0].id", error.Path);
    }

    [Fact]
    public void Validate_IdOf64Characters_IsAccepted()
    {
        Assert.True(Validate(Candidate(0, new string('a', 64), "protection", Pit)).IsValid);
        Assert.False(Validate(Candidate(0, new string('a', 65), "protection", Pit)).IsValid);
    }

    [Theory]
    [InlineData("LINESTRING (118.366 36.874, 118.368 36.876)", "LineString")]
    [InlineData("POLYGON ((36.8739 118.3662, 36.8741 118.3698, 36.8755 118.3701, 36.8739 118.3662))", "swapped")]
    [InlineData("POLYGON ((621000 4080000, 621300 4080000, 621300 4080200, 621000 4080000))", "not WGS84")]
    [InlineData("POLYGON ((116.39 39.90, 116.40 39.90, 116.40 39.91, 116.39 39.90))", "outside the district")]
    [InlineData("POLYGON ((118.366 36.874, 118.366005 36.874, 118.366005 36.874005, 118.366 36.874))", "below the minimum")]
    [InlineData("POLYGON ((118 36.5, 119.2 36.5, 119.2 37.3, 118 37.3, 118 36.5))", "above the maximum")]
    [InlineData("POLYGON EMPTY", "empty")]
    public void Validate_ImplausibleGeometry_SaysWhy(string wkt, string expected)
    {
        var error = Assert.Single(Validate(Candidate(0, "pit", "protection", wkt)).Errors);

        Assert.Equal("features[0].geometry", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BoundsAreAParameter()
    {
        var elsewhere = new ZoneImportLimits { Bounds = new GeoBounds(116, 39, 117, 40) };

        var result = ZoneImportValidator.Validate("xunma", [Candidate(0, "pit", "protection", Pit)], elsewhere);

        Assert.Contains("outside the district", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReaderErrorOnTheGeometry_IsPassedOnWithoutASecondRequiredError()
    {
        var candidate = new ZoneCandidate(2, "pit", "protection", null, null,
            [new ZoneImportError("features[2].geometry", "A Point is not a zone.", "pit")]);

        var error = Assert.Single(Validate(candidate).Errors);

        Assert.Equal("A Point is not a zone.", error.Message);
    }

    [Fact]
    public void Validate_NoGeometryAndNoReaderError_IsRequired()
    {
        var error = Assert.Single(Validate(Candidate(0, "pit", "protection", null)).Errors);

        Assert.Equal("features[0].geometry", error.Path);
        Assert.StartsWith("Required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToValidationErrors_KeysByPathAndNamesTheFeature()
    {
        var result = Validate(Candidate(0, "tie", "protection", BowTie), Candidate(1, null, null, Pit));

        var byField = ZoneImportError.ToValidationErrors(result.Errors).ByField;

        Assert.Equal(["features[0].geometry", "features[1].id", "features[1].kind"], byField.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("'tie': ", byField["features[0].geometry"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MultiPolygon_IsAccepted()
    {
        var multi = "MULTIPOLYGON (((118.360 36.870, 118.362 36.870, 118.362 36.872, 118.360 36.870)), ((118.370 36.870, 118.372 36.870, 118.372 36.872, 118.370 36.870)))";

        var zone = Assert.Single(Validate(Candidate(0, "two", "protection", multi)).Zones);

        Assert.IsType<MultiPolygon>(zone.Area);
    }
}
