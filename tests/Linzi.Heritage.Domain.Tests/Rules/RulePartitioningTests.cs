using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Rules.Evaluation;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class RulePartitioningTests
{
    private static readonly GridCell Cell = new("c1", "c1", Wkt.Parse("POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))"), "i", "v", "t", "d");
    private static readonly Site Site = new("s", "s", "s", ProtectionLevel.National, ["brick"], 0.5, 0.5);

    [Fact]
    public void Key_FixedDevicesInOneCell_ShareIt_OutsideTheGridTheSite_AndAMobileDeviceHasItsOwn()
    {
        var sound = new Device("snd", "s", "ground_sound", ["ground_sound_db"], 0.5, 0.5);
        var pir = new Device("pir", "s", "pir", ["pir_count"], 2.5, 2.5);
        var outside = new Device("far", "s", "pir", ["pir_count"], 9, 9);
        var excavator = new Device("exc", "s", "gnss", ["speed_m_s"], 0.5, 0.5);
        var snapshot = new RegistrySnapshot([Site], [], [Cell], [sound, pir, outside, excavator], []);

        Assert.Equal(
            ["cell:c1", "cell:c1", "site:s", "device:exc"],
            new[] { sound, pir, outside, excavator }.Select(d => RulePartitioning.Key(snapshot, d)));
    }

    [Fact]
    public void Of_IsTheSameInEveryProcess_AndSpreadsKeysOverThePartitions()
    {
        // FNV-1a 32 of "cell:c1" is 3162789745 (worked out apart from this code): a change of hash would send a
        // running deployment's devices to other partitions, with their memory left behind.
        Assert.Equal((int)(3162789745 % 8), RulePartitioning.Of("cell:c1", 8));
        Assert.Equal((int)(3400254865 % 7), RulePartitioning.Of("device:gnss-exc-01", 7));

        var counts = Enumerable.Range(0, 800).GroupBy(i => RulePartitioning.Of("cell:qd-r" + i, 8)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 60, 140));
    }

    [Fact]
    public void MemorySpan_IsTheLongestAnyRuleRemembers()
    {
        Rule[] rules =
        [
            new("t", "t", Severity.Red, RuleScope.Everything, new ThresholdCondition("x", ComparisonOp.GreaterThan, 1) { Sustain = new Sustain(TimeSpan.FromMinutes(10), null) }),
            new("r", "r", Severity.Red, RuleScope.Everything, new RateOfChangeCondition("x", ComparisonOp.GreaterThan, 1, RatePer.Hour, TimeSpan.FromHours(6))),
            new("c", "c", Severity.Red, RuleScope.Everything, new CorrelationCondition([], TimeSpan.FromMinutes(2))),
        ];

        Assert.Equal(TimeSpan.FromHours(6), RuleMemory.Span(rules));
        Assert.Equal(TimeSpan.FromMinutes(10), RuleMemory.Span(rules.Take(1)));
        Assert.Equal(TimeSpan.Zero, RuleMemory.Span([]));
    }
}
