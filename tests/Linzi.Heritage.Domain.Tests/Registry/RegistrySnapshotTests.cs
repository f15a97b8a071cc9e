using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Tests.Registry;

public sealed class RegistrySnapshotTests
{
    private static RegistrySnapshot CreateSut() => new(
        [],
        [new Zone("pz", "site", ZoneKind.Protection, "pz", Wkt.Parse("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"))],
        [new GridCell("c1", "c1", Wkt.Parse("POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))"), "insp", "v", "t", "d")],
        [
            new Device("fixed", "site", "vibration", ["ppv_mm_s"], Lat: 0.5, Lon: 0.5),
            new Device("tracker", "site", DeviceKinds.Gnss, ["speed_m_s"], Lat: 1.5, Lon: 1.5),
        ],
        []);

    [Fact]
    public void Locate_FixedDevice_UsesRegisteredPositionEvenWhenReadingHasOne()
    {
        var sut = CreateSut();

        var location = sut.Locate(sut.Devices["fixed"], lat: 1.5, lon: 1.5);

        Assert.Equal(["pz"], location.Zones.Select(z => z.Id));
    }

    [Fact]
    public void Locate_MobileDevice_UsesReportedPosition()
    {
        var sut = CreateSut();

        Assert.Empty(sut.Locate(sut.Devices["tracker"], null, null).Zones);
        Assert.Equal(["pz"], sut.Locate(sut.Devices["tracker"], lat: 0.5, lon: 0.5).Zones.Select(z => z.Id));
    }

    [Fact]
    public void WithDevice_AddsDeviceAndKeepsOthers()
    {
        var next = CreateSut().WithDevice(new Device("new", "site", "pir", ["pir_count"], 0.2, 0.2));

        Assert.Equal(3, next.Devices.Count);
        Assert.Equal("c1", next.Locate(next.Devices["new"], null, null).Cell?.Id);
    }
}
