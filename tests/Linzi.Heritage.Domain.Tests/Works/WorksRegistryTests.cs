using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Works;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Works;

public sealed class WorksRegistryTests
{
    private static readonly Rule Vibration = RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25));

    private static Permit PermitUntil(DateTimeOffset to, params string[] ruleIds) => new(
        "p1", "临文旅许〔2026〕17号", "淄博路桥", Wkt.Parse("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"), T0.AddHours(-1), to, ruleIds, "bureau", T0.AddDays(-1));

    [Fact]
    public void Permit_ExpiringMidStream_SuppressesUntilItsEndThenRulesApply()
    {
        var works = new WorksRegistry([PermitUntil(T0.AddMinutes(30))], []);
        var inside = Fixed(); // registered at (0.5, 0.5), inside the permit polygon

        var verdicts = Enumerable.Range(0, 6).Select(i => works.Find(Vibration, inside, T0.AddMinutes(i * 10))?.Kind ?? "alarm");

        Assert.Equal(["permit", "permit", "permit", "alarm", "alarm", "alarm"], verdicts); // the end is exclusive
    }

    [Fact]
    public void Permit_OutsideItsPolygon_OrForOtherRules_DoesNotApply()
    {
        var outside = Fixed() with { Lat = 2, Lon = 2 };

        Assert.Null(new WorksRegistry([PermitUntil(T0.AddHours(1))], []).Find(Vibration, outside, T0));
        Assert.Null(new WorksRegistry([PermitUntil(T0.AddHours(1), "other-rule")], []).Find(Vibration, Fixed(), T0));
        Assert.NotNull(new WorksRegistry([PermitUntil(T0.AddHours(1), "r1")], []).Find(Vibration, Fixed(), T0));
    }

    [Fact]
    public void Maintenance_OnDeviceOrSite_SuppressesWithReason_AndExpires()
    {
        var device = new MaintenanceWindow("m1", "dev-1", null, T0, T0.AddHours(2), "更换电池", "maintenance", T0);
        var site = new MaintenanceWindow("m2", null, "qi-capital", T0, T0.AddHours(2), "城墙加固", "maintenance", T0);
        var works = new WorksRegistry([], [device, site]);

        Assert.Equal("更换电池", works.Find(Vibration, Fixed(), T0.AddHours(1))!.Reason);
        Assert.Null(works.Find(Vibration, Fixed(), T0.AddHours(2)));
        Assert.Null(works.Find(Vibration, Fixed("dev-2"), T0.AddHours(1)));
    }
}
