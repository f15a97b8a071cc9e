using Linzi.Heritage.Domain.Patrols;
using static Linzi.Heritage.Domain.Tests.Patrols.PatrolFixtures;

namespace Linzi.Heritage.Domain.Tests.Patrols;

public sealed class DutyCalendarTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, China);

    [Fact]
    public void DailyWindow_CountsFromItsOpening_AndIsDueAtItsClose()
    {
        var period = DutyCalendar.PeriodAt(Daily("w"), Local(30, 12));

        Assert.Equal((Local(30, 0), Local(30, 8), Local(30, 18)), (period.Start, period.CountFrom, period.Deadline));
    }

    [Fact]
    public void NightWindowPastMidnight_IsDueOnTheNextMorning()
    {
        var period = DutyCalendar.PeriodAt(Daily("w", "22:00", "04:00"), Local(30, 23));

        Assert.Equal((Local(30, 22), new DateTimeOffset(2026, 12, 1, 4, 0, 0, China)), (period.CountFrom, period.Deadline));
    }

    [Theory]
    [InlineData("P1W", "2026-11-30", "2026-12-07")] // Monday to Monday
    [InlineData("P1M", "2026-11-01", "2026-12-01")]
    [InlineData("P3M", "2026-10-01", "2027-01-01")] // the fourth quarter
    public void LongerPeriods_AreCalendarAligned(string every, string start, string deadline)
    {
        var duty = Daily("w", null, null) with { Every = PatrolEvery.TryParse(every)! };

        var period = DutyCalendar.PeriodAt(duty, Local(30, 12));

        Assert.Equal(
            (DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture)),
            (DateOnly.FromDateTime(period.Start.DateTime), DateOnly.FromDateTime(period.Deadline.DateTime)));
    }

    [Fact]
    public void LatestDue_IsYesterdaysBeforeTheClose_AndTodaysAfter_AndNothingBeforeTheDutyWasSet()
    {
        var duty = Daily("w", setAt: Local(29, 7));

        Assert.Equal(Local(29, 18), DutyCalendar.LatestDue(duty, Local(30, 17, 59))!.Deadline);
        Assert.Equal(Local(30, 18), DutyCalendar.LatestDue(duty, Local(30, 18))!.Deadline);
        Assert.Null(DutyCalendar.LatestDue(duty with { SetAt = Local(29, 9) }, Local(30, 17))); // 29th began before it was set
    }

    [Fact]
    public void Met_NeedsAVisitOfTheCellInsideTheWindowOfThePeriod()
    {
        var duty = Daily("w");
        var period = DutyCalendar.PeriodAt(duty, Local(30, 12));

        Assert.True(DutyCalendar.Met(duty, period, [new PatrolVisit("w", null, Local(30, 9), Local(30, 9, 10))]));
        Assert.True(DutyCalendar.Met(duty, period, [new PatrolVisit("w", null, Local(30, 7, 50), Local(30, 8, 5))])); // ends inside
        Assert.False(DutyCalendar.Met(duty, period, [new PatrolVisit("e", null, Local(30, 9), Local(30, 9, 10))]));   // another cell
        Assert.False(DutyCalendar.Met(duty, period, [new PatrolVisit("w", null, Local(30, 19), Local(30, 19, 10))])); // after the close
        Assert.False(DutyCalendar.Met(duty, period, [new PatrolVisit("w", null, Local(29, 9), Local(29, 9, 10))]));   // yesterday
    }

    [Fact]
    public void DueBetween_ListsEachDeadlineInTheRangeOnce()
    {
        var periods = DutyCalendar.DueBetween(Daily("w"), Local(23, 0), Local(30, 0));

        Assert.Equal([.. Enumerable.Range(23, 7).Select(d => Local(d, 18))], periods.Select(p => p.Deadline));
    }

    [Theory]
    [InlineData("P1D", 0, 1)]
    [InlineData("P1W", 0, 7)]
    [InlineData("P2W", 0, 14)]
    [InlineData("P1M", 1, 0)]
    [InlineData("P3M", 3, 0)]
    [InlineData("P1Y", 12, 0)]
    public void Every_ParsesWholeCalendarUnits(string text, int months, int days) =>
        Assert.Equal(new PatrolEvery(months, days), PatrolEvery.TryParse(text));

    [Theory]
    [InlineData("PT12H")]
    [InlineData("P1M3D")]
    [InlineData("P0D")]
    [InlineData("1D")]
    [InlineData("")]
    [InlineData(null)]
    public void Every_RefusesWhatHasNoCalendarPeriod(string? text) => Assert.Null(PatrolEvery.TryParse(text));
}
