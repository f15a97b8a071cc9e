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
    }
}
