using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class RuleScopeTests
{
    private static readonly Zone HorsePitProtection =
        new("hp-pz", "horse-pit", ZoneKind.Protection, "pz", Wkt.Parse("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));

    private static readonly Zone QiControl =
        new("qi-cc", "qi-capital", ZoneKind.ConstructionControl, "cc", Wkt.Parse("POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))"));

    private static readonly GridCell Cell = new("c1", "c1", Wkt.Parse("POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))"), "i", "v", "t", "d");

    private static ReadingContext Context(string siteId = "horse-pit", string kind = "vibration", params Zone[] zones) =>
        new(new Device("dev-1", siteId, kind, ["ppv_mm_s"], 0.5, 0.5), new Location(Cell, zones));

    private static Reading ReadingOf(double ppv) =>
        new("dev-1", "horse-pit", DateTimeOffset.UnixEpoch, 1, [new MetricValue("ppv_mm_s", ppv), new MetricValue("temp_c", 8)]);

    private static Rule Threshold(ComparisonOp op, double value, RuleScope? scope = null) =>
        new("r1", "rule", Severity.Red, scope ?? RuleScope.Everything, new ThresholdCondition("ppv_mm_s", op, value));

    [Theory]
    [InlineData(ComparisonOp.GreaterThan, 0.25, 0.26, true)]
    [InlineData(ComparisonOp.GreaterThan, 0.25, 0.25, false)]
    [InlineData(ComparisonOp.GreaterOrEqual, 0.25, 0.25, true)]
    [InlineData(ComparisonOp.LessThan, 0.25, 0.24, true)]
    [InlineData(ComparisonOp.LessThan, 0.25, 0.25, false)]
    [InlineData(ComparisonOp.LessOrEqual, 0.25, 0.25, true)]
    [InlineData(ComparisonOp.LessOrEqual, 0.25, 0.3, false)]
    public void Evaluate_Threshold_ComparesWithOperator(ComparisonOp op, double threshold, double value, bool expected)
    {
        var matches = Eval.Once(ReadingOf(value), Context(), [Threshold(op, threshold)]);

        Assert.Equal(expected, matches.Count == 1);
        if (expected)
        {
            Assert.Equal(value, matches[0].Value);
            Assert.Equal("ppv_mm_s", matches[0].Metric);
        }
    }

    [Fact]
    public void Evaluate_ContractMinimalRule_MatchesInsideProtectionZoneOfSite()
    {
        var scope = new RuleScope(["horse-pit"], [ZoneKind.Protection], [], []);

        Assert.Single(Eval.Once(ReadingOf(0.31), Context(zones: HorsePitProtection), [Threshold(ComparisonOp.GreaterThan, 0.25, scope)]));
        Assert.Empty(Eval.Once(ReadingOf(0.31), Context(zones: QiControl), [Threshold(ComparisonOp.GreaterThan, 0.25, scope)]));
    }

    [Fact]
    public void Evaluate_ZoneKindOfAnotherSite_DoesNotMatch()
    {
        var scope = new RuleScope(["qi-capital"], [ZoneKind.Protection], [], []);

        Assert.Empty(Eval.Once(ReadingOf(1), Context(zones: HorsePitProtection), [Threshold(ComparisonOp.GreaterThan, 0.25, scope)]));
    }

    [Fact]
    public void Evaluate_SiteScopeWithoutZoneKinds_UsesRegisteredSite()
    {
        var scope = new RuleScope(["qi-capital"], [], [], []);

        Assert.Empty(Eval.Once(ReadingOf(1), Context("horse-pit", zones: QiControl), [Threshold(ComparisonOp.GreaterThan, 0.25, scope)]));
        Assert.Single(Eval.Once(ReadingOf(1), Context("qi-capital"), [Threshold(ComparisonOp.GreaterThan, 0.25, scope)]));
    }

    [Fact]
    public void Evaluate_CellAndDeviceScopes_Filter()
    {
        Assert.Single(Eval.Once(ReadingOf(1), Context(), [Threshold(ComparisonOp.GreaterThan, 0, new RuleScope([], [], ["c1"], []))]));
        Assert.Empty(Eval.Once(ReadingOf(1), Context(), [Threshold(ComparisonOp.GreaterThan, 0, new RuleScope([], [], ["c2"], []))]));
        Assert.Empty(Eval.Once(ReadingOf(1), Context(), [Threshold(ComparisonOp.GreaterThan, 0, new RuleScope([], [], [], ["pir"]))]));
        Assert.Empty(Eval.Once(ReadingOf(1), Context(), [Threshold(ComparisonOp.GreaterThan, 0, new RuleScope([], [], [], [], ["other"]))]));
        Assert.Single(Eval.Once(ReadingOf(1), Context(), [Threshold(ComparisonOp.GreaterThan, 0, new RuleScope([], [], [], ["vibration"], ["dev-1"]))]));
    }

    [Fact]
    public void Evaluate_DisabledRuleOrMissingMetric_DoesNotMatch()
    {
        var disabled = Threshold(ComparisonOp.GreaterThan, 0) with { Enabled = false };
        var otherMetric = Threshold(ComparisonOp.GreaterThan, 0) with { Condition = new ThresholdCondition("rh_pct", ComparisonOp.GreaterThan, 0) };

        Assert.Empty(Eval.Once(ReadingOf(1), Context(), [disabled, otherMetric]));
    }
}
