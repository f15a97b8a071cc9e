using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Tests.Geofencing;

public sealed class ZoneDiffTests
{
    // Two 200 m squares side by side near the horse-burial pit, in UTM metres.
    private const string West = "POLYGON ((621000 4080000, 621200 4080000, 621200 4080200, 621000 4080200, 621000 4080000))";
    private const string East = "POLYGON ((621300 4080000, 621500 4080000, 621500 4080200, 621300 4080200, 621300 4080000))";
    private const string Band = "POLYGON ((620800 4079800, 621700 4079800, 621700 4080400, 620800 4080400, 620800 4079800))";

    private static Zone Zone(string id, ZoneKind kind, string utmWkt, string site = "xunma", string? name = null) =>
        new(id, site, kind, name ?? id, Utm.ToWgs84(utmWkt));

    private static readonly Zone[] Existing =
    [
        Zone("west", ZoneKind.Protection, West),
        Zone("east", ZoneKind.Protection, East),
        Zone("band", ZoneKind.ConstructionControl, Band),
        Zone("other-site", ZoneKind.Protection, West, site: "huangong"),
    ];

    [Fact]
    public void Compute_Upload_SortsAddedChangedAndRemoved()
    {
        Zone[] upload =
        [
            Zone("west", ZoneKind.Protection, West, name: "西区"),
            Zone("north", ZoneKind.Protection, East),
            Zone("a-new", ZoneKind.Protection, East),
        ];

        var changes = ZoneDiff.Compute("xunma", Existing, upload);

        Assert.Equal(["a-new", "north"], changes.Added);
        Assert.Equal(["west"], changes.Changed);
        Assert.Equal(["east"], changes.Removed);
        Assert.Empty(changes.Conflicts);
    }

    [Fact]
    public void Compute_UploadOfOneKind_LeavesTheOtherKindAlone()
    {
        var changes = ZoneDiff.Compute("xunma", Existing, [Zone("band", ZoneKind.ConstructionControl, Band)]);

        Assert.True(changes.IsEmpty);
    }

    [Fact]
    public void Compute_GeometryMovedLessThanTheTolerance_IsUnchanged()
    {
        var nudged = Existing[0] with { Area = Utm.Shift(Existing[0].Area, 0.2, -0.2) };

        var changes = ZoneDiff.Compute("xunma", Existing, [nudged, Existing[1]]);

        Assert.True(changes.IsEmpty);
    }

    [Fact]
    public void Compute_GeometryMovedBeyondTheTolerance_IsChanged()
    {
        var moved = Existing[0] with { Area = Utm.Shift(Existing[0].Area, 2, 0) };

        var changes = ZoneDiff.Compute("xunma", Existing, [moved, Existing[1]]);

        Assert.Equal(["west"], changes.Changed);
    }

    [Fact]
    public void Compute_HoleCutIntoAZone_IsChanged()
    {
        var withHole = Zone("band", ZoneKind.ConstructionControl,
            "POLYGON ((620800 4079800, 621700 4079800, 621700 4080400, 620800 4080400, 620800 4079800), (621000 4080000, 621200 4080000, 621200 4080200, 621000 4080200, 621000 4080000))");

        Assert.Equal(["band"], ZoneDiff.Compute("xunma", Existing, [withHole]).Changed);
    }

    [Fact]
    public void Compute_KindChanged_IsChangedAndNotRemoved()
    {
        var changes = ZoneDiff.Compute("xunma", Existing, [Existing[0] with { Kind = ZoneKind.ConstructionControl }]);

        Assert.Equal(["west"], changes.Changed);
        Assert.Equal(["band"], changes.Removed);
    }

    [Fact]
    public void Compute_IdOfAnotherSitesZone_IsAConflict()
    {
        var changes = ZoneDiff.Compute("xunma", Existing, [Zone("other-site", ZoneKind.Protection, West)]);

        Assert.Equal(["other-site"], changes.Conflicts);
    }

    [Fact]
    public void Apply_ReplacesTheUploadedKindsOfTheSiteOnly()
    {
        var after = ZoneDiff.Apply("xunma", Existing, [Zone("north", ZoneKind.Protection, East)]);

        Assert.Equal(["band", "north", "other-site"], after.Select(z => z.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CountDevicesMoved_CountsFixedDevicesWhoseZonesChange()
    {
        var inWest = Point("in-west", 621100, 4080100);
        var inEast = Point("in-east", 621400, 4080100);
        var outside = Point("outside", 625000, 4085000);
        var tracker = Point("tracker", 621100, 4080100) with { Kind = "gnss" };
        var after = ZoneDiff.Apply("xunma", Existing, [Zone("west", ZoneKind.Protection, West)]);

        // "east" goes: the device in it leaves a zone; the one in "west" stays put; the tracker does not count.
        Assert.Equal(1, ZoneDiff.CountDevicesMoved([inWest, inEast, outside, tracker], Existing, after));
    }

    private static Device Point(string id, double easting, double northing)
    {
        var wgs = Utm.ToWgs84($"POINT ({easting} {northing})");
        return new Device(id, "xunma", "vibration", [], wgs.Coordinate.Y, wgs.Coordinate.X);
    }
}
