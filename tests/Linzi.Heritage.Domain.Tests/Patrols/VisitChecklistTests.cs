using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class VisitChecklistTests
{
    private static readonly Dictionary<string, string> AllOk = new() { ["site"] = "ok", ["digging"] = "ok", ["markers"] = "ok" };

    private static string[] Fields(Domain.Rules.ValidationErrors errors) => [.. errors.ByField.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void CompleteReportInTheCell_Passes()
    {
        Assert.True(VisitChecklist.Check(West, VisitChecklist.Items, AllOk, null, 36.861, 118.351, ["distant", "close"], 50).IsEmpty);
    }

    [Fact]
    public void MissingAnswersWrongAnswersAndAProblemWithoutANote_AreNamed()
    {
        var checks = new Dictionary<string, string> { ["site"] = "fine", ["digging"] = "problem", ["weather"] = "ok" };

        var errors = VisitChecklist.Check(West, VisitChecklist.Items, checks, null, 36.861, 118.351, ["distant", "close"], 50);

        Assert.Equal(["checks.markers", "checks.site", "checks.weather", "note"], Fields(errors));
    }

    [Fact]
    public void BothViewsAreRequired_AndTheGeotagMustBeInOrBesideTheCell()
    {
        Assert.Equal(["close"], Fields(VisitChecklist.Check(West, VisitChecklist.Items, AllOk, null, 36.861, 118.351, ["distant", "distant"], 50)));
        // 118.3525° E is about 45 m east of the west cell's edge: within GPS error; 1 km south is not.
        Assert.True(VisitChecklist.Check(West, VisitChecklist.Items, AllOk, null, 36.861, 118.3525, ["distant", "close"], 50).IsEmpty);
        Assert.Equal(["lat"], Fields(VisitChecklist.Check(West, VisitChecklist.Items, AllOk, null, 36.851, 118.351, ["distant", "close"], 50)));
        Assert.Equal(["lat"], Fields(VisitChecklist.Check(West, VisitChecklist.Items, AllOk, null, null, 118.351, ["distant", "close"], 50)));
    }

    [Fact]
    public void DutyWithAFirePatrol_AsksTheFireItem()
    {
        var duty = Daily("w") with { FireCheck = true };

        Assert.Equal(["checks.fire"], Fields(VisitChecklist.Check(West, VisitChecklist.For(duty, []), AllOk, null, 36.861, 118.351, ["distant", "close"], 50)));
        Assert.True(VisitChecklist.Check(West, VisitChecklist.For(duty, []), new Dictionary<string, string>(AllOk) { ["fire"] = "ok" }, null, 36.861, 118.351, ["distant", "close"], 50).IsEmpty);
    }

    [Fact]
    public void SitesAddTheItemsOfTheirKind_InAFixedOrder()
    {
        var tomb = new Site("horse-pit", "东周殉马坑", "Horse pit", ProtectionLevel.National, ["bone"], null, null, Kind: SiteKind.Tomb, Staffed: true);
        var walls = new Site("qi-capital", "齐国故城", "Qi capital", ProtectionLevel.National, ["rammed_earth"], null, null);
        var temple = new Site("temple", "寺", "Temple", ProtectionLevel.County, ["wood"], null, null, Kind: SiteKind.Building);

        Assert.Equal(["site", "digging", "markers", "erosion", "robbing_holes", "security"], VisitChecklist.For(null, [tomb, walls]));
        // The fire item once, whether the building or the duty asks it.
        Assert.Equal(["site", "digging", "markers", "structure", "fire"], VisitChecklist.For(Daily("w") with { FireCheck = true }, [temple]));
        var items = VisitChecklist.For(null, [tomb]);
        Assert.Equal(["checks.robbing_holes", "checks.security"], Fields(VisitChecklist.Check(West, items, AllOk, null, 36.861, 118.351, ["distant", "close"], 50)));
    }
}
