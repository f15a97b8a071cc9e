using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Tests.Alerts;

public sealed class ResponseStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static (Alert, IReadOnlyList<AlertEvent>) Case(string id, string cell, string? disposition, params (string Type, double Seconds, string Actor)[] events)
    {
        var alert = new Alert(id, 1, "r", Severity.Red, disposition is null ? AlertState.Open : AlertState.Resolved, "horse-pit", "d", cell, [], "m", 1, T0, T0, "m")
        {
            Disposition = disposition,
        };
        return (alert, [new AlertEvent(id, "raised", "system", T0, null), .. events.Select(e => new AlertEvent(id, e.Type, e.Actor, T0.AddSeconds(e.Seconds), null))]);
    }

    [Fact]
    public void Figures_MatchTheHandCalculation()
    {
        var alerts = new[]
        {
            Case("A1", "c1", "handled", ("acknowledged", 60, "i1"), ("resolved", 600, "i1")),
            Case("A2", "c1", "false_alarm", ("escalated", 30, "system"), ("acknowledged", 120, "v1"), ("resolved", 1200, "v1")),
            Case("A3", "c1", "cleared", ("acknowledged", 300, "i1"), ("cleared", 400, "system")),
            Case("A4", "c2", null),
        };
        IReadOnlyList<string> Chain(Alert a) => a.CellId == "c1" ? ["i1", "v1", "t1", "d1"] : ["i2", "v1", "t1", "d1"];

        var report = ResponseStatistics.Compute(alerts, Chain, a => a.IsActive ? T0 : null, EscalationTimeouts.Default, T0.AddMinutes(10));

        var c1 = report.Cells.Single(c => c.Key == "c1");
        Assert.Equal((3, 3, 120.0, 300.0), (c1.Alerts, c1.Acknowledged, c1.AcknowledgeMedianSeconds, c1.AcknowledgeP90Seconds));
        Assert.Equal((2, 600.0, 1200.0), (c1.Resolved, c1.ResolveMedianSeconds, c1.ResolveP90Seconds)); // "cleared" is not a person's resolve
        Assert.Equal((1, 0), (c1.Escalations, c1.OverdueOpen));
        Assert.Equal(new Dictionary<string, int> { ["cleared"] = 1, ["false_alarm"] = 1, ["handled"] = 1 }, c1.Dispositions);

        var c2 = report.Cells.Single(c => c.Key == "c2");
        Assert.Equal((1, 0, (double?)null, 1), (c2.Alerts, c2.Acknowledged, c2.AcknowledgeMedianSeconds, c2.OverdueOpen)); // red, 10 min unacknowledged

        Assert.Equal(["i1", "i2"], report.Inspectors.Select(i => i.Key));
        Assert.Equal(3, report.Inspectors[0].Alerts);
        var village = report.Chiefs.Single(c => c.Key == "v1");
        Assert.Equal((4, 1), (village.Alerts, village.OverdueOpen));
        Assert.Equal(4, report.Total.Alerts);
    }

    [Theory]
    [InlineData(new double[] { 5 }, 0.5, 5)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.5, 2)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.9, 9)]
    [InlineData(new double[] { 10, 1, 5 }, 0.9, 10)]
    public void Percentile_IsNearestRank(double[] values, double p, double expected) =>
        Assert.Equal(expected, ResponseStatistics.Percentile(values, p));
}
