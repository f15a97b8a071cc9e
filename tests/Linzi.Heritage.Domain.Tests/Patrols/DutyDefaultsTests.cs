using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class DutyDefaultsTests
{
    [Fact]
    public void CellTakesTheFrequencyOfTheHighestLevelSiteItTouches()
    {
        var national = new Site("horse-pit", "东周殉马坑", "Horse pit", ProtectionLevel.National, ["bone"], null, null);
        var county = new Site("kiln", "窑址", "Kiln", ProtectionLevel.County, ["earth"], null, null);
        // A county site's zone over both cells, the national site's zone only in the west one; a third cell touches neither.
        var kilnZone = new Zone("kiln-pz", "kiln", ZoneKind.Protection, "窑址保护范围", Wkt.Parse("POLYGON ((118.3515 36.8605, 118.3525 36.8605, 118.3525 36.8615, 118.3515 36.8615, 118.3515 36.8605))"));
        var far = new GridCell("far", "远格", Wkt.Parse("POLYGON ((118.36 36.86, 118.362 36.86, 118.362 36.862, 118.36 36.862, 118.36 36.86))"), "insp", "", "", "");
        var registry = new RegistrySnapshot([national, county], [PitZone, kilnZone], [West, East, far], [], []);

        var duties = DutyDefaults.For(registry, DutyDefaults.Shandong);

        Assert.Equal(
            [("e", ProtectionLevel.County, "P3M"), ("w", ProtectionLevel.National, "P1D")],
            duties.Select(d => (d.CellId, d.Level, d.Every.ToString())));
        Assert.DoesNotContain(duties, d => d.FireCheck);
    }

    [Fact]
    public void StaffedSitesOfProvincialLevelAndAbove_AreMonthly_AndBuildingsAskForFire()
    {
        // Guards at the national site make it monthly; the county temple's zone reaches into both cells and adds the fire check.
        var national = new Site("horse-pit", "东周殉马坑", "Horse pit", ProtectionLevel.National, ["bone"], null, null, Kind: SiteKind.Tomb, Staffed: true);
        var temple = new Site("temple", "寺", "Temple", ProtectionLevel.County, ["wood"], null, null, Kind: SiteKind.Building);
        var templeZone = new Zone("temple-pz", "temple", ZoneKind.Protection, "寺保护范围", Wkt.Parse("POLYGON ((118.3515 36.8605, 118.3525 36.8605, 118.3525 36.8615, 118.3515 36.8615, 118.3515 36.8605))"));
        var registry = new RegistrySnapshot([national, temple], [PitZone, templeZone], [West, East], [], []);

        var duties = DutyDefaults.For(registry, DutyDefaults.Shandong);

        Assert.Equal(
            [("e", "temple", "P3M", true), ("w", "horse-pit", "P1M", true)],
            duties.Select(d => (d.CellId, d.SiteId, d.Every.ToString(), d.FireCheck)));
        // The staffed frequency can be set: weekly.
        var weekly = DutyDefaults.For(registry, DutyDefaults.Shandong, new PatrolEvery(0, 7));
        Assert.Equal("P1W", weekly.Single(d => d.CellId == "w").Every.ToString());
    }
}
