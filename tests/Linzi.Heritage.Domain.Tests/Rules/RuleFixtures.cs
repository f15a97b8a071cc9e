using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Domain.Tests.Rules;

/// <summary>Small registry pieces for rule tests: a protection zone (0..1) inside a cell (0..3), in lon/lat degrees.</summary>
internal static class RuleFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero); // 22:00 in Linzi

    public static readonly Zone Protection =
        new("hp-pz", "horse-pit", ZoneKind.Protection, "殉马坑保护范围", Wkt.Parse("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));

    public static readonly GridCell Cell = new("c1", "c1", Wkt.Parse("POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))"), "i", "v", "t", "d", "high");

    public static readonly GridCell OtherCell = new("c2", "c2", Wkt.Parse("POLYGON ((3 0, 6 0, 6 3, 3 3, 3 0))"), "i2", "v", "t", "d", "low");

    public static ReadingContext Fixed(string deviceId = "dev-1", string kind = "vibration", GridCell? cell = null, params Zone[] zones) =>
        new(new Device(deviceId, "horse-pit", kind, ["ppv_mm_s"], 0.5, 0.5), new Location(cell ?? Cell, zones));

    public static Reading At(double seconds, string metric, double value, string deviceId = "dev-1") =>
        new(deviceId, "horse-pit", T0.AddSeconds(seconds), null, [new MetricValue(metric, value)]);

    public static Rule RuleOf(RuleCondition condition, Severity severity = Severity.Red, RuleScope? scope = null) =>
        new("r1", "rule", severity, scope ?? RuleScope.Everything, condition);

    public static Schedule Night() =>
        new(Shanghai, [new TimeWindow(new TimeOnly(20, 0), new TimeOnly(6, 0))], [], null, null);

    public static TimeZoneInfo Shanghai
    {
        get
        {
            Schedule.TryFindZone("Asia/Shanghai", out var zone);
            return zone;
        }
    }
}
