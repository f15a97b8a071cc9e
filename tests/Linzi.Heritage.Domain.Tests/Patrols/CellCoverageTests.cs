using Linzi.Heritage.Domain.Patrols;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class CellCoverageTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly PatrolDuty Duty = Daily("w");
    private static readonly PatrolDuty Night = Daily("w", "22:00", "04:00");

    private static DateTimeOffset Local(int day, int hour) => new(2026, 11, day, hour, 0, 0, China);

    private static DateTimeOffset Tomorrow(int hour) => new(2026, 12, 1, hour, 0, 0, China);

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
    public void AfterTodaysWindowClosedWithAVisit_IsOnTimeUntilTomorrowsOpens_WithTomorrowsDeadline()
    {
        var evening = CellCoverage.Of(Duty, [Visit(30, 9)], Local(30, 19));
        var beforeOpening = CellCoverage.Of(Duty, [Visit(30, 9)], new DateTimeOffset(2026, 12, 1, 7, 59, 0, China));

        Assert.Equal((CoverageState.OnTime, Tomorrow(18)), (evening.State, evening.NextDeadline));
        Assert.Equal((CoverageState.OnTime, Tomorrow(18)), (beforeOpening.State, beforeOpening.NextDeadline));
    }

    [Fact]
    public void NextMorningOnceTheWindowOpensWithoutAVisit_IsDue()
    {
        var coverage = CellCoverage.Of(Duty, [Visit(30, 9)], new DateTimeOffset(2026, 12, 1, 8, 30, 0, China));

        Assert.Equal((CoverageState.Due, Tomorrow(18), (DateTimeOffset?)null), (coverage.State, coverage.NextDeadline, coverage.MissedDeadline));
    }

    [Fact]
    public void AfterAnUnmetDay_IsOverdueInTheEvening()
    {
        var coverage = CellCoverage.Of(Duty, [Visit(29, 9)], Local(30, 19));

        Assert.Equal(
            (CoverageState.Overdue, Tomorrow(18), (DateTimeOffset?)Local(30, 18)),
            (coverage.State, coverage.NextDeadline, coverage.MissedDeadline));
    }

    [Fact]
    public void NightWindow_AtTwoWithoutAVisit_IsDueByFourThisMorning()
    {
        var coverage = CellCoverage.Of(Night, [Visit(28, 23)], Local(30, 2));

        Assert.Equal((CoverageState.Due, Local(30, 4), (DateTimeOffset?)null), (coverage.State, coverage.NextDeadline, coverage.MissedDeadline));
    }

    [Fact]
    public void NightWindow_AtTwoVisitedAtEleven_IsOnTime()
    {
        var coverage = CellCoverage.Of(Night, [Visit(28, 23), Visit(29, 23)], Local(30, 2));

        Assert.Equal((CoverageState.OnTime, Local(30, 4)), (coverage.State, coverage.NextDeadline));
    }

    [Fact]
    public void NightWindow_AtTwoAfterAMissedNightBefore_IsOverdue()
    {
        var coverage = CellCoverage.Of(Night, [Visit(27, 23)], Local(30, 2));

        Assert.Equal(
            (CoverageState.Overdue, Local(30, 4), (DateTimeOffset?)Local(29, 4)),
            (coverage.State, coverage.NextDeadline, coverage.MissedDeadline));
    }

    [Fact]
    public void NightWindow_AfterAMetNight_IsOnTimeUntilTonightsOpens_ThenDue()
    {
        var noon = CellCoverage.Of(Night, [Visit(29, 23)], Local(30, 12));
        var tonight = CellCoverage.Of(Night, [Visit(29, 23)], Local(30, 22).AddMinutes(30));

        Assert.Equal((CoverageState.OnTime, Tomorrow(4)), (noon.State, noon.NextDeadline));
        Assert.Equal((CoverageState.Due, Tomorrow(4)), (tonight.State, tonight.NextDeadline));
    }
}
