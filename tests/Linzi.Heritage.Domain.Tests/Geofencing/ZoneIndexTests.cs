using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Tests.Geofencing;

public sealed class ZoneIndexTests
{
    // Two unit cells side by side, sharing the edge x = 1.
    private const string WestCell = "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))";
    private const string EastCell = "POLYGON ((1 0, 2 0, 2 1, 1 1, 1 0))";

    // A protection zone with a hole (an unprotected village enclave) in the middle.
    private const string ZoneWithHole = "POLYGON ((0.1 0.1, 0.9 0.1, 0.9 0.9, 0.1 0.9, 0.1 0.1), (0.4 0.4, 0.6 0.4, 0.6 0.6, 0.4 0.6, 0.4 0.4))";
    private const string ControlBand = "POLYGON ((0 0, 2 0, 2 1, 0 1, 0 0))";

    private static ZoneIndex CreateSut() => new(
        [
            new Zone("z-protect", "site", ZoneKind.Protection, "protect", Wkt.Parse(ZoneWithHole)),
            new Zone("z-control", "site", ZoneKind.ConstructionControl, "control", Wkt.Parse(ControlBand)),
        ],
        [Cell("cell-b-east", EastCell), Cell("cell-a-west", WestCell)]);

    private static GridCell Cell(string id, string wkt) => new(id, id, Wkt.Parse(wkt), "insp", "village", "town", "district");

    [Fact]
    public void Locate_PointInsideZoneAndCell_ReturnsBoth()
    {
        var location = CreateSut().Locate(lat: 0.2, lon: 0.2);

        Assert.Equal("cell-a-west", location.Cell?.Id);
        Assert.Equal(["z-control", "z-protect"], location.Zones.Select(z => z.Id));
    }

    [Fact]
    public void Locate_PointInHole_IsNotInTheZoneWithTheHole()
    {
        var location = CreateSut().Locate(lat: 0.5, lon: 0.5);

        Assert.Equal(["z-control"], location.Zones.Select(z => z.Id));
    }

    [Fact]
    public void Locate_PointOnHoleBoundary_CountsAsInside()
    {
        var location = CreateSut().Locate(lat: 0.4, lon: 0.5);

        Assert.Contains(location.Zones, z => z.Id == "z-protect");
    }

    [Fact]
    public void Locate_PointOnOuterBoundary_CountsAsInside()
    {
        var location = CreateSut().Locate(lat: 0.1, lon: 0.5);

        Assert.Contains(location.Zones, z => z.Id == "z-protect");
    }

    [Fact]
    public void Locate_PointOnSharedCellEdge_GoesToSmallerCellId()
    {
        var location = CreateSut().Locate(lat: 0.5, lon: 1.0);

        Assert.Equal("cell-a-west", location.Cell?.Id);
    }

    [Fact]
    public void Locate_PointInEastCell_ReturnsEastCell()
    {
        Assert.Equal("cell-b-east", CreateSut().Locate(lat: 0.5, lon: 1.5).Cell?.Id);
    }

    [Fact]
    public void Locate_PointOutsideEverything_ReturnsNowhere()
    {
        var location = CreateSut().Locate(lat: 5, lon: 5);

        Assert.Null(location.Cell);
        Assert.Empty(location.Zones);
    }

    [Fact]
    public void Parse_SelfIntersectingPolygon_Throws()
    {
        Assert.Throws<FormatException>(() => Wkt.Parse("POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"));
    }
}
