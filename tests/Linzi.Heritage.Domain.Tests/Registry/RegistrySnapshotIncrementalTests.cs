using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Tests.Registry;

public sealed class RegistrySnapshotIncrementalTests
{
    private static readonly Zone Protection = new("pz", "s", ZoneKind.Protection, "pz", Wkt.Parse("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));
    private static readonly GridCell Cell = new("c1", "c1", Wkt.Parse("POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))"), "i", "v", "t", "d");
    private static readonly Site Site = new("s", "s", "s", ProtectionLevel.National, ["brick"], 0.5, 0.5);

    private static readonly Rule[] Rules =
    [
        new("in-zone", "r", Severity.Red, new RuleScope(["s"], [ZoneKind.Protection], [], []), new ThresholdCondition("x", ComparisonOp.GreaterThan, 1)),
        new("kind", "r", Severity.Red, new RuleScope([], [], [], ["pir"]), new ThresholdCondition("x", ComparisonOp.GreaterThan, 1)),
    ];

    [Fact]
    public void WithDevice_GivesTheSameLocationsAndRuleMatches_AsAFullRebuild()
    {
        var a = new Device("a", "s", "vibration", ["x"], 0.5, 0.5);
        var b = new Device("b", "s", "pir", ["x"], 2, 2);
        var moved = a with { Lat = 2.5, Lon = 2.5 };

        var incremental = new RegistrySnapshot([Site], [Protection], [Cell], [a], Rules).WithDevice(b).WithDevice(moved);
        var full = new RegistrySnapshot([Site], [Protection], [Cell], [moved, b], Rules);

        foreach (var device in new[] { moved, b })
        {
            var one = incremental.Context(device, null, null);
            var other = full.Context(device, null, null);
            Assert.Equal(other.CellId, one.CellId);
            Assert.Equal(other.Location.Zones.Select(z => z.Id), one.Location.Zones.Select(z => z.Id));
            Assert.Equal(full.RuleSet.For(other).Select(r => r.Id), incremental.RuleSet.For(one).Select(r => r.Id));
        }

        Assert.Equal(2, incremental.Devices.Count);
        Assert.Empty(incremental.RuleSet.For(incremental.Context(moved, null, null))); // moved out of the zone
    }
}
