using Linzi.Heritage.Domain.Patrols;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class CellCoverageTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly PatrolDuty Duty = Daily("w");

    private static DateTimeOffset Local(int day, int hour) => new(2026, 11, day, hour, 0, 0, China);

    private static PatrolVisit Visit(int day, int hour) => new("w", null, Local(day, hour), Local(day, hour).AddMinutes(10));

    [Fact]
    public void VisitedToday_IsOnTime()
    {
        var coverage = CellCoverage.Of(Duty, [Visit(29, 9), Visit(30, 9)], Local(30, 12));

        Assert.Equal((CoverageState.OnTime, Local(30, 9), Local(30, 18)), (coverage.State, coverage.LastVisit, coverage.NextDeadline));
    }

    [Fact]
    public void YesterdayMetButNotYetToday_IsDue()
    {
        var coverage = CellCoverage.Of(Duty, [Visit(29, 9)], Local(30, 12));

        Assert.Equal((CoverageState.Due, Local(30, 18), (DateTimeOffset?)null), (coverage.State, coverage.NextDeadline, coverage.MissedDeadline));
    }

    [Fact]
    public void YesterdayMissed_IsOverdue_UntilAVisit()
    {
        var overdue = CellCoverage.Of(Duty, [Visit(28, 9)], Local(30, 7));

        Assert.Equal((CoverageState.Overdue, (DateTimeOffset?)Local(29, 18)), (overdue.State, overdue.MissedDeadline));
        Assert.Equal(CoverageState.OnTime, CellCoverage.Of(Duty, [Visit(28, 9), Visit(30, 8)], Local(30, 12)).State);
    }

    [Fact]
    public void AfterTodaysWindowClosedWithAVisit_TheNextDeadlineIsTomorrows()
    {
        var coverage = CellCoverage.Of(Duty, [Visit(30, 9)], Local(30, 19));

        Assert.Equal((CoverageState.Due, new DateTimeOffset(2026, 12, 1, 18, 0, 0, China)), (coverage.State, coverage.NextDeadline));
    }
}
