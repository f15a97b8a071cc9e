using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Telemetry;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class GeofenceRuleTests
{
    private static readonly ZoneIndex Index = new([Protection], [Cell]);
    private static readonly Device Excavator = new("gnss-01", "horse-pit", DeviceKinds.Gnss, ["speed_m_s", "hdop"], 2, 2);

    private static Rule Fence(GeofenceEvent fenceEvent, double debounceSeconds = 0, double dwellSeconds = 0, double? maxHdop = null) =>
        RuleOf(new GeofenceCondition(fenceEvent, new GeofenceTargets([], [ZoneKind.Protection], [], []))
        {
            Debounce = TimeSpan.FromSeconds(debounceSeconds),
            Dwell = TimeSpan.FromSeconds(dwellSeconds),
            MaxHdop = maxHdop,
        });

    /// <summary>Feeds fixes (seconds, lon) along the line lat = 0.5; the zone spans lon 0..1.</summary>
    private static string Track(Rule rule, params (double Seconds, double Lon, double Hdop)[] fixes)
    {
        var eval = new Eval();
        return string.Join(" ", fixes.Select(f =>
        {
            var reading = new Reading(Excavator.Id, "horse-pit", T0.AddSeconds(f.Seconds), null, [new MetricValue("hdop", f.Hdop)], 0.5, f.Lon);
            var context = new ReadingContext(Excavator, Index.Locate(0.5, f.Lon), null, 0.5, f.Lon);
            return eval.Feed(reading, context, [rule]) is { Length: > 0 } v ? v : "-";
        }));
    }

    // The first confirmed side reports "clear" when nothing is raised: an alert left open before a restart closes.
    [Fact]
    public void Enter_WithoutDebounce_RaisesInsideAndClearsOutside()
    {
        Assert.Equal("clear raise raise clear", Track(Fence(GeofenceEvent.Enter), (0, 1.5, 1), (10, 0.9, 1), (20, 0.5, 1), (30, 1.2, 1)));
    }

    [Fact]
    public void Enter_GpsJitterAtTheBoundary_IsAbsorbedByDebounce()
    {
        // Parked at the boundary (lon 1.0), fixes wander 1 m either side every 5 s: never 30 s on one side.
        var jitter = Enumerable.Range(0, 12).Select(i => (i * 5.0, i % 2 == 0 ? 1.00001 : 0.99999, 1.0)).ToArray();

        Assert.DoesNotContain("raise", Track(Fence(GeofenceEvent.Enter, debounceSeconds: 30), jitter));
    }

    [Fact]
    public void Enter_StaysInsideForDebounce_RaisesOnce_LeavesForDebounce_Clears()
    {
        var verdicts = Track(
            Fence(GeofenceEvent.Enter, debounceSeconds: 30),
            (0, 1.5, 1), (30, 1.5, 1), (40, 0.9, 1), (60, 0.9, 1), (70, 0.8, 1), (80, 1.5, 1), (100, 1.5, 1), (110, 1.5, 1));

        Assert.Equal("- clear - - raise raise raise clear", verdicts); // inside until 30 s outside
    }

    [Fact]
    public void Fix_WithPoorAccuracy_IsIgnored()
    {
        Assert.Equal("- - -", Track(Fence(GeofenceEvent.Enter, maxHdop: 5), (0, 0.5, 9.9), (10, 0.5, 12), (20, 0.5, 5.1)));
        Assert.Equal("raise", Track(Fence(GeofenceEvent.Enter, maxHdop: 5), (0, 0.5, 5)));
    }

    [Fact]
    public void Exit_RaisesOnlyAfterHavingBeenInside()
    {
        Assert.Equal("clear - raise clear", Track(Fence(GeofenceEvent.Exit), (0, 1.5, 1), (10, 0.5, 1), (20, 1.5, 1), (30, 0.5, 1)));
    }

    [Fact]
    public void Dwell_RaisesAfterDwellTimeInside()
    {
        var verdicts = Track(Fence(GeofenceEvent.Dwell, dwellSeconds: 600), (0, 0.5, 1), (300, 0.5, 1), (599, 0.5, 1), (600, 0.5, 1), (900, 1.5, 1));

        Assert.Equal("clear - - raise clear", verdicts);
    }

    [Fact]
    public void Fence_FixedDeviceOrNoPosition_IsNotJudged()
    {
        var eval = new Eval();
        var rule = Fence(GeofenceEvent.Enter);
        var fixedDevice = Fixed(zones: Protection);

        Assert.Equal("", eval.Feed(At(0, "ppv_mm_s", 1), fixedDevice, [rule]));
        Assert.Equal("", eval.Feed(
            new Reading(Excavator.Id, "horse-pit", T0, null, [new MetricValue("speed_m_s", 1)]),
            new ReadingContext(Excavator, Index.Locate(0.5, 0.5)), [rule]));
    }
}
