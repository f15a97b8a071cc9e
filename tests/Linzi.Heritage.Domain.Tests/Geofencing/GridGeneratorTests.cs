using Linzi.Heritage.Domain.Geofencing;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Union;

namespace Linzi.Heritage.Domain.Tests.Geofencing;

public sealed class GridGeneratorTests
{
    // 300 m east–west by 200 m north–south, on 100 m grid lines.
    private const string Rectangle = "POLYGON ((621000 4080000, 621300 4080000, 621300 4080200, 621000 4080200, 621000 4080000))";

    // An L: a 300 × 100 m foot with a 100 × 200 m stem on its west end, 37 m off the 100 m grid lines so every
    // edge cell is cut (the smallest piece, 37 × 37 m, is well above the 1 % sliver limit).
    private const string LShape = "POLYGON ((621037 4080037, 621337 4080037, 621337 4080137, 621137 4080137, 621137 4080337, 621037 4080337, 621037 4080037))";

    [Fact]
    public void Generate_RectangleOf300By200AtSize100_GivesSixWholeCellsNumberedFromTheNorthWest()
    {
        var grid = GridGenerator.Generate(Utm.ToWgs84(Rectangle), 100, "qd", clip: false);

        Assert.True(grid.IsValid);
        Assert.Equal(["qd-r1c1", "qd-r1c2", "qd-r1c3", "qd-r2c1", "qd-r2c2", "qd-r2c3"], grid.Cells.Select(c => c.Id));
        var northWest = MetricProjection.Project(grid.Cells[0].Area).Centroid;
        Assert.Equal(621050, northWest.X, 0.01);
        Assert.Equal(4080150, northWest.Y, 0.01);
        Assert.Equal("qd 第1行第1列", grid.Cells[0].Name);
        Assert.All(grid.Cells, c => Assert.Equal(4326, c.Area.SRID));
    }

    [Fact]
    public void Generate_Cells_AreSquaresOfTheSizeInUtmMetres()
    {
        var grid = GridGenerator.Generate(Utm.ToWgs84(Rectangle), 100, "qd", clip: true);

        Assert.Equal(6, grid.Cells.Count);
        foreach (var cell in grid.Cells)
        {
            var metric = MetricProjection.Project(cell.Area);
            Assert.Equal(5, metric.NumPoints);
            Assert.Equal(100, metric.EnvelopeInternal.Width, 0.1);
            Assert.Equal(100, metric.EnvelopeInternal.Height, 0.1);
            Assert.Equal(400, metric.Length, 0.4);
        }
    }

    [Fact]
    public void Generate_ClipOnLShape_CellsUnionToThePolygon()
    {
        var polygon = Utm.ToWgs84(LShape);

        var grid = GridGenerator.Generate(polygon, 100, "l", clip: true);

        var union = MetricProjection.Project(UnaryUnionOp.Union(grid.Cells.Select(c => c.Area).ToList()));
        var expected = MetricProjection.Project(polygon);
        Assert.Equal(expected.Area, union.Area, expected.Area * 0.001);
        Assert.True(union.SymmetricDifference(expected).Area < expected.Area * 0.001);
        Assert.Contains(grid.Cells, c => MetricProjection.Project(c.Area).Area < 9000);
        Assert.All(grid.Cells, c => Assert.True(c.Area is Polygon or MultiPolygon));
    }

    [Fact]
    public void Generate_WholeCellsOnLShape_KeepsOnlySquaresThatOverlapIt()
    {
        var grid = GridGenerator.Generate(Utm.ToWgs84(LShape), 100, "l", clip: false);

        // Frame: x 621000–621400 (4 columns), y 4080000–4080400 (4 rows, row 1 the northernmost).
        Assert.Equal(["l-r1c1", "l-r1c2", "l-r2c1", "l-r2c2", "l-r3c1", "l-r3c2", "l-r3c3", "l-r3c4", "l-r4c1", "l-r4c2", "l-r4c3", "l-r4c4"],
            grid.Cells.Select(c => c.Id));
        Assert.All(grid.Cells, c => Assert.Equal(10_000, MetricProjection.Project(c.Area).Area, 1.0));
    }

    [Fact]
    public void Generate_PolygonShrunkWithinItsCells_KeepsTheSameIds()
    {
        var shrunk = "POLYGON ((621010 4080010, 621290 4080010, 621290 4080190, 621010 4080190, 621010 4080010))";

        var before = GridGenerator.Generate(Utm.ToWgs84(Rectangle), 100, "qd", clip: false);
        var after = GridGenerator.Generate(Utm.ToWgs84(shrunk), 100, "qd", clip: false);

        Assert.Equal(before.Cells.Select(c => c.Id), after.Cells.Select(c => c.Id));
    }

    [Fact]
    public void Generate_MoreCellsThanTheCap_IsAnErrorAskingForALargerSize()
    {
        // 3 km × 3 km at 50 m is 3,600 cells.
        var square = Utm.ToWgs84("POLYGON ((620000 4078000, 623000 4078000, 623000 4081000, 620000 4081000, 620000 4078000))");

        var grid = GridGenerator.Generate(square, 50, "big", clip: true);

        Assert.Empty(grid.Cells);
        Assert.Contains("larger size", Assert.Single(grid.Errors.ByField["sizeM"]), StringComparison.Ordinal);
        Assert.True(GridGenerator.Generate(square, 100, "big", clip: true).IsValid);
    }

    [Fact]
    public void Generate_ExtentFarBeyondTheCap_IsRefusedBeforeScanning()
    {
        var square = Utm.ToWgs84("POLYGON ((600000 4060000, 640000 4060000, 640000 4100000, 600000 4100000, 600000 4060000))");

        var grid = GridGenerator.Generate(square, 10, "big", clip: true);

        Assert.Contains("4000 × 4000", Assert.Single(grid.Errors.ByField["sizeM"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(9.9, "qd", "sizeM")]
    [InlineData(5001, "qd", "sizeM")]
    [InlineData(double.NaN, "qd", "sizeM")]
    [InlineData(100, "QD", "prefix")]
    [InlineData(100, "-qd", "prefix")]
    [InlineData(100, "q_d", "prefix")]
    [InlineData(100, null, "prefix")]
    public void Generate_BadSizeOrPrefix_NamesTheField(double sizeM, string? prefix, string field)
    {
        var grid = GridGenerator.Generate(Utm.ToWgs84(Rectangle), sizeM, prefix, clip: true);

        Assert.Equal([field], grid.Errors.ByField.Keys);
        Assert.Empty(grid.Cells);
    }

    [Theory]
    [InlineData("POLYGON ((36.86 118.35, 36.87 118.35, 36.87 118.36, 36.86 118.35))")]
    [InlineData("LINESTRING (118.35 36.86, 118.36 36.87)")]
    [InlineData("POLYGON ((118.35 36.86, 118.36 36.87, 118.36 36.86, 118.35 36.87, 118.35 36.86))")]
    public void Generate_PolygonSwappedOrNotAreaOrInvalid_IsAPolygonError(string wkt)
    {
        var grid = GridGenerator.Generate(new WKTReader().Read(wkt), 100, "qd", clip: true);

        Assert.Equal(["polygon"], grid.Errors.ByField.Keys);
    }
}
