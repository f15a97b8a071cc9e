using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Rules;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class PatrolReportTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateTimeOffset Local(int day, int hour) => new(2026, 11, day, hour, 0, 0, China);

    private static PatrolVisit Visit(string cell, int day, int hour) => new(cell, null, Local(day, hour), Local(day, hour).AddMinutes(10));

    private static VisitReport Report(string cell, DateTimeOffset at, string digging) =>
        new("p", "insp", cell, at, new Dictionary<string, string> { ["site"] = "ok", ["digging"] = digging, ["markers"] = "ok" }, null, 0, 0, []);

    private static Alert AlertIn(string cell, string rule, DateTimeOffset raised, AlertState state) =>
        new("A" + raised.Ticks, 1, rule, Severity.Red, state, "horse-pit", "dev", cell, [], "m", 1, raised, raised, "x");

    // The week Monday 23 – Monday 30 November 2026 (local). By hand:
    // west, daily 08–18: visited Mon 23 09:00, Tue 24 19:00 (after the close: does not count), Wed 25 10:00,
    //   Thu 26 08:30, Sun 29 12:00; days due 23–29 = 7, met on 23, 25, 26, 29 = 4, missed 24, 27, 28 = 3.
    // east, weekly: the week's period (closed Mon 30 00:00) is due once; visited Fri 27 15:00: met.
    // Findings: west 2 alerts raised in the week (one patrol-missed left out, one drill left out) and 1 of its 2 visit
    //   reports in the week found a problem: 3; 3 alerts still open.
    // Daily 08–18 from the 1st; changed to weekly on Thursday 26 at 12:00. By hand: Mon 23 – Wed 25 are judged daily
    // (visited Mon only: 2 missed), Thu 26 began under the daily duty too (no visit: missed), and from then the weekly
    // duty's first period (the week of Mon 30) has not begun inside the report: 4 periods, 3 missed. Judged by today's
    // weekly duty alone, the week would hold no period at all (its week began before the change).
    [Fact]
    public void DutyChangedMidWeek_JudgesEachPeriodByTheDutyInForceWhenItBegan()
    {
        var daily = Daily("w", setAt: Local(1, 0));
        var weekly = (Daily("w", null, null, Local(26, 12)) with { Every = PatrolEvery.TryParse("P1W")! }).Replacing(daily, Local(1, 0));

        var report = PatrolReport.Build([West], new Dictionary<string, PatrolDuty> { ["w"] = weekly }, [Visit("w", 23, 9)], [], [], Local(23, 0), Local(30, 0), null, Local(30, 12));

        var west = Assert.Single(report.Cells);
        Assert.Equal((4, 3), (west.DutyPeriods, west.Missed));
        Assert.Equal([Local(24, 18), Local(25, 18), Local(26, 18)], west.MissedDeadlines);
        Assert.Equal([(daily.SetAt, (DateTimeOffset?)Local(26, 12)), (Local(26, 12), null)], weekly.Versions().Select(v => (v.Duty.SetAt, v.Until)));
        // A window added at 07:00 on Thursday: Thursday stays the old all-day duty's day, counted once (7 days, 7 missed).
        var allDay = Daily("w", null, null, Local(1, 0));
        var windowed = Daily("w", setAt: Local(26, 7)).Replacing(allDay, Local(1, 0));
        var week = PatrolReport.Build([West], new Dictionary<string, PatrolDuty> { ["w"] = windowed }, [], [], [], Local(23, 0), Local(30, 0), null, Local(30, 12));
        Assert.Equal((7, 7), (week.Cells[0].DutyPeriods, week.Cells[0].Missed));
        Assert.Equal([Local(24, 0), Local(25, 0), Local(26, 0), Local(27, 0), Local(27, 18), Local(28, 18), Local(29, 18)], week.Cells[0].MissedDeadlines);
        // Edited twice before Thursday's window opened (03:00, then 05:00): still one Thursday, the all-day duty's.
        var early = Daily("w", setAt: Local(26, 3)).Replacing(allDay, Local(1, 0));
        var later = Daily("w", "09:00", "18:00", Local(26, 5)).Replacing(early, Local(1, 0));
        var twice = PatrolReport.Build([West], new Dictionary<string, PatrolDuty> { ["w"] = later }, [], [], [], Local(23, 0), Local(30, 0), null, Local(30, 12));
        Assert.Equal((7, 7), (twice.Cells[0].DutyPeriods, twice.Cells[0].Missed));
        // Versions that gave way before the kept horizon are dropped.
        Assert.Empty(weekly.Replacing(daily, Local(27, 0)).Earlier);
    }

    [Fact]
    public void WeeklyReport_MatchesTheHandComputedFixture()
    {
        var duties = new Dictionary<string, PatrolDuty>
        {
            ["w"] = Daily("w", setAt: Local(1, 0)),
            ["e"] = Daily("e", null, null, Local(1, 0)) with { Every = PatrolEvery.TryParse("P1W")! },
        };
        PatrolVisit[] visits = [Visit("w", 23, 9), Visit("w", 24, 19), Visit("w", 25, 10), Visit("w", 26, 8) with { ArrivedAt = Local(26, 8).AddMinutes(30), LeftAt = Local(26, 8).AddMinutes(40) }, Visit("w", 29, 12), Visit("e", 27, 15), Visit("w", 30, 9)];
        Alert[] alerts =
        [
            AlertIn("w", "intrusion", Local(24, 2), AlertState.Resolved),
            AlertIn("w", "water", Local(28, 14), AlertState.Open),
            AlertIn("w", PatrolReport.MissedRuleId, Local(24, 18), AlertState.Open),
            AlertIn("w", "intrusion", Local(25, 2), AlertState.Open) with { Drill = true },
            AlertIn("w", "old", Local(20, 2), AlertState.Open),
        ];

        VisitReport[] reports =
        [
            Report("w", Local(25, 10), "problem"),   // a finding
            Report("w", Local(26, 8), "ok"),
            Report("e", Local(27, 15), "ok"),
            Report("w", Local(30, 9), "problem"),    // after the week
        ];

        var report = PatrolReport.Build([East, West], duties, visits, alerts, reports, Local(23, 0), Local(30, 0), "vc", Local(30, 12));

        Assert.Equal(["e", "w"], report.Cells.Select(c => c.CellId));
        var west = report.Cells[1];
        Assert.Equal((5, 7, 3, 2, 3, 3), (west.Visits, west.DutyPeriods, west.Missed, west.Reports, west.Findings, west.OpenAlerts));
        Assert.Equal([Local(24, 18), Local(27, 18), Local(28, 18)], west.MissedDeadlines);
        Assert.Equal(Local(29, 12), west.LastVisit);
        Assert.Equal(4 / 7.0, west.Coverage!.Value, 6);
        Assert.Equal("P1D 08:00–18:00", west.Duty);
        var east = report.Cells[0];
        Assert.Equal((1, 1, 0, (double?)1.0), (east.Visits, east.DutyPeriods, east.Missed, east.Coverage));
        Assert.Equal((6, 8, 3), (report.Visits, report.DutyPeriods, report.Missed));
    }

    // Daily 08–18 from the 1st, withdrawn on Thursday 26 at 12:00, set again on Friday 27 at 20:00; visited Mon 23 only.
    // By hand: Mon 23 met, Tue 24 and Wed 25 missed; Thu 26 fell due (18:00) after the withdrawal and Fri 27 began
    // before the new duty: neither judged; Sat 28 and Sun 29 missed under the new one. 5 periods, 4 missed.
    [Fact]
    public void WithdrawnDuty_StillCountsTheDaysItGoverned_NotTheOneRunningAtItsWithdrawal()
    {
        var withdrawn = Daily("w", setAt: Local(1, 0)) with { EndedAt = Local(26, 12) };

        var report = PatrolReport.Build([West], new Dictionary<string, PatrolDuty> { ["w"] = withdrawn }, [Visit("w", 23, 9)], [], [], Local(23, 0), Local(30, 0), null, Local(30, 12));

        var west = Assert.Single(report.Cells);
        Assert.Equal((3, 2), (west.DutyPeriods, west.Missed));
        Assert.Equal([Local(24, 18), Local(25, 18)], west.MissedDeadlines);
        Assert.Equal("P1D 08:00–18:00 (withdrawn 2026-11-26 12:00)", west.Duty);

        var again = Daily("w", setAt: Local(27, 20)).Replacing(withdrawn, Local(1, 0));
        var week = PatrolReport.Build([West], new Dictionary<string, PatrolDuty> { ["w"] = again }, [Visit("w", 23, 9)], [], [], Local(23, 0), Local(30, 0), null, Local(30, 12));

        Assert.Equal([(withdrawn.SetAt, (DateTimeOffset?)Local(26, 12)), (Local(27, 20), null)], again.Versions().Select(v => (v.Duty.SetAt, v.Until)));
        Assert.Equal((5, 4), (week.Cells[0].DutyPeriods, week.Cells[0].Missed));
        Assert.Equal([Local(24, 18), Local(25, 18), Local(28, 18), Local(29, 18)], week.Cells[0].MissedDeadlines);
    }

    [Fact]
    public void MidWeek_APeriodNotYetClosed_IsNeitherMetNorMissed()
    {
        var duties = new Dictionary<string, PatrolDuty> { ["w"] = Daily("w", setAt: Local(1, 0)) };

        var report = PatrolReport.Build([West], duties, [Visit("w", 23, 9), Visit("w", 25, 10)], [], [], Local(23, 0), Local(30, 0), null, Local(26, 12));

        var west = Assert.Single(report.Cells);
        Assert.Equal((3, 1), (west.DutyPeriods, west.Missed)); // Monday to Wednesday closed; Tuesday missed
    }
}
