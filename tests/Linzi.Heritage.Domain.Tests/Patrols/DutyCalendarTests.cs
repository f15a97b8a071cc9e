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
    public void NightWindow_AfterMidnight_NextDueIsTheNightRunning_AndLatestDueTheNightBefore()
    {
        var duty = Daily("w", "22:00", "04:00");

        var next = DutyCalendar.NextDue(duty, Local(30, 2));
        var latest = DutyCalendar.LatestDue(duty, Local(30, 2));

        Assert.Equal((Local(29, 0), Local(29, 22), Local(30, 4)), (next.Start, next.CountFrom, next.Deadline));
        Assert.Equal(Local(29, 4), latest!.Deadline);
        Assert.Equal(Local(30, 0), DutyCalendar.PeriodAt(duty, Local(30, 2)).Start); // the period of the date is still tonight's
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 4, 0, 0, China), DutyCalendar.NextDue(duty, Local(30, 4)).Deadline);
        Assert.Equal(Local(30, 4), DutyCalendar.LatestDue(duty, Local(30, 4))!.Deadline);
    }

    [Fact]
    public void DailyWindow_AfterItsClose_NextDueIsTomorrows()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 18, 0, 0, China), DutyCalendar.NextDue(Daily("w"), Local(30, 19)).Deadline);
        Assert.Equal(Local(30, 18), DutyCalendar.NextDue(Daily("w"), Local(30, 7)).Deadline);
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
    public void Met_AStayThatCoversTheWholeWindowCounts()
    {
        var duty = Daily("w");
        var period = DutyCalendar.PeriodAt(duty, Local(30, 12));

        Assert.True(DutyCalendar.Met(duty, period, [new PatrolVisit("w", null, Local(30, 7), Local(30, 19))]));
    }

    [Fact]
    public void DueBetween_ListsEachDeadlineInTheRangeOnce()
    {
        var periods = DutyCalendar.DueBetween(Daily("w"), Local(23, 0), Local(30, 0));

        Assert.Equal([.. Enumerable.Range(23, 7).Select(d => Local(d, 18))], periods.Select(p => p.Deadline));
    }

    [Theory]
    [InlineData(null, null)]          // closes at midnight
    [InlineData("22:00", "04:00")]    // closes next morning: Sunday night's round belongs to this week
    public void DueBetween_AWeekHoldsSevenDailyPeriods_WhereverTheyClose(string? from, string? to)
    {
        var periods = DutyCalendar.DueBetween(Daily("w", from, to, Local(1, 0)), Local(23, 0), Local(30, 0));

        Assert.Equal(7, periods.Count);
        Assert.All(periods, p => Assert.InRange(p.Start, Local(23, 0), Local(29, 0)));
    }

    [Theory]
    [InlineData("P1D", 0, 1, 0)]
    [InlineData("P1W", 0, 7, 0)]
    [InlineData("P2W", 0, 14, 0)]
    [InlineData("P1M", 1, 0, 0)]
    [InlineData("P3M", 3, 0, 0)]
    [InlineData("P1Y", 12, 0, 0)]
    [InlineData("PT12H", 0, 0, 720)]
    [InlineData("PT1H30M", 0, 0, 90)]
    [InlineData("P12M", 12, 0, 0)]
    [InlineData("PT5M", 0, 0, 5)]
    [InlineData("PT24H", 0, 1, 0)]
    [InlineData("P10D", 0, 10, 0)]
    public void Every_ParsesOneCalendarUnit_AndWritesItBack(string text, int months, int days, int minutes)
    {
        var every = PatrolEvery.TryParse(text);

        Assert.Equal(new PatrolEvery(months, days, minutes), every);
        Assert.Equal(text switch { "PT24H" => "P1D", "P12M" => "P1Y", _ => text }, every!.ToString());
    }

    [Fact]
    public void PeriodsShorterThanADay_RunInSlotsFromMidnight()
    {
        var duty = Daily("w", null, null) with { Every = PatrolEvery.TryParse("PT12H")! };

        var period = DutyCalendar.PeriodAt(duty, Local(30, 13));

        Assert.Equal((Local(30, 12), Local(30, 12), new DateTimeOffset(2026, 12, 1, 0, 0, 0, China)), (period.Start, period.CountFrom, period.Deadline));
        Assert.Equal(Local(30, 12), DutyCalendar.LatestDue(duty, Local(30, 13))!.Deadline);
        Assert.Equal([Local(29, 12), Local(30, 0), Local(30, 12), Local(30, 12).AddHours(12)], DutyCalendar.DueBetween(duty, Local(29, 0), Local(30, 23)).Select(p => p.Deadline));
    }

    [Theory]
    [InlineData("P1DT12H")]
    [InlineData("PT0M")]
    [InlineData("PT1M")]      // too short to judge
    [InlineData("PT7M")]      // does not divide the day
    [InlineData("P2Y")]       // longer than a year
    [InlineData("P1M3D")]
    [InlineData("P0D")]
    [InlineData("1D")]
    [InlineData("")]
    [InlineData(null)]
    public void Every_RefusesWhatHasNoCalendarPeriod(string? text) => Assert.Null(PatrolEvery.TryParse(text));
}
