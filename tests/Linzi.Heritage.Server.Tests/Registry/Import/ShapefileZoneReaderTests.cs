using Linzi.Heritage.Server.Registry.Import;

namespace Linzi.Heritage.Server.Tests.Registry.Import;

public sealed class ShapefileZoneReaderTests
{
    [Theory]
    [InlineData("xunma-zones-gk39.zip")]            // CGCS2000 / 3-degree Gauss-Krüger zone 39 (EPSG:4527), GBK attributes
    [InlineData("xunma-zones-utm50n.zip")]          // WGS 84 / UTM 50N (EPSG:32650), in a folder inside the zip
    [InlineData("xunma-zones-cgcs2000-cm117e.zip")] // CGCS2000 / 3-degree Gauss-Krüger CM 117E (EPSG:4548)
    public void Read_ProjectedShapefile_IsWithinOneMetreOfTheGeoJson(string fixture)
    {
        var reference = ZoneFixtures.Reference();

        var result = ZoneFixtures.Read(fixture);

        Assert.Equal(ZoneFileFormat.Shapefile, result.Format);
        Assert.Empty(result.Errors);
        Assert.Equal(["xunma-protection", "xunma-control"], result.Features.Select(f => f.Id));
        foreach (var feature in result.Features)
        {
            var expected = reference[feature.Id!];
            Assert.Equal(expected.Kind, feature.Kind);
            Assert.Equal(expected.Name, feature.Name);
            Assert.Equal(4326, feature.Geometry!.SRID);
            Assert.InRange(ZoneFixtures.DistanceM(expected.Geometry!, feature.Geometry), 0, 1.0);
        }
    }

    [Fact]
    public void Read_ProjectedShapefile_KeepsTheHoleOfTheControlZone()
    {
        var control = ZoneFixtures.Read("xunma-zones-gk39.zip").Features.Single(f => f.Id == "xunma-control");

        Assert.Equal(1, ((NetTopologySuite.Geometries.Polygon)control.Geometry!).NumInteriorRings);
    }

    [Fact]
    public void Read_ShapefileThatValidates_GivesZonesOfTheSite()
    {
        var validation = ZoneFixtures.Read("xunma-zones-gk39.zip").Validate("xunma");

        Assert.True(validation.IsValid, string.Join("; ", validation.Errors));
        Assert.Equal(2, validation.Zones.Count);
    }

    [Fact]
    public void Read_XianDatum_IsAnUnknownProjectionNamingIt()
    {
        var result = ZoneFixtures.Read("xunma-zones-xian80.zip");

        var error = Assert.Single(result.Errors);
        Assert.Equal("file", error.Path);
        Assert.StartsWith("Unknown projection: Xian_1980_3_Degree_GK_Zone_39", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Features);
    }

    [Fact]
    public void Read_NoPrj_IsAMissingProjectionError()
    {
        var zip = ZoneFixtures.ZipWithout("xunma-zones-gk39.zip", ".prj");

        var result = ZoneFileReader.Read(zip, "zones.zip", "application/zip");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Missing projection: xunma-zones-gk39.shp has no .prj", error.Message, StringComparison.Ordinal);
        Assert.False(result.Validate("xunma").IsValid);
    }

    [Fact]
    public void Read_PrjOfAnotherProjection_IsUnknown()
    {
        var zip = ZoneFixtures.Zip(
            ("a.shp", []),
            ("a.dbf", []),
            ("a.prj", """PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]"""u8.ToArray()));

        var error = Assert.Single(ZoneFileReader.Read(zip, null, null).Errors);

        Assert.StartsWith("Unknown projection: WGS_1984_Web_Mercator_Auxiliary_Sphere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CpgSaysUtf8ForGbkAttributes_GarblesTheNames()
    {
        // The same bytes with a .cpg that lies: proves the fixture's CP936 .cpg is what decodes the Chinese names.
        var zip = ZoneFixtures.Zip([.. ZoneFixtures.Entries("xunma-zones-gk39.zip").Where(e => !e.Name.EndsWith(".cpg", StringComparison.Ordinal)),
            ("xunma-zones-gk39.cpg", "UTF-8"u8.ToArray())]);

        var result = ZoneFileReader.Read(zip, null, null);

        Assert.NotEqual("殉马坑保护范围", result.Features[0].Name);
        Assert.Equal("殉马坑保护范围", ZoneFixtures.Read("xunma-zones-gk39.zip").Features[0].Name);
    }

    [Fact]
    public void Read_ZipWithoutShapefileOrKml_SaysSo()
    {
        var zip = ZoneFixtures.Zip(("readme.txt", "zones"u8.ToArray()));

        var error = Assert.Single(ZoneFileReader.Read(zip, "zones.zip", null).Errors);

        Assert.Contains("neither a Shapefile", error.Message, StringComparison.Ordinal);
    }
}
