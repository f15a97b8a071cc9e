using Linzi.Heritage.Domain.Rules;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class ScheduleTests
{
    private static readonly TimeWindow Overnight = new(new TimeOnly(20, 0), new TimeOnly(6, 0));

    [Theory]
    // Linzi local time = UTC+8. 2026-11-27 is a Friday.
    [InlineData("2026-11-27T11:59:59Z", false)] // 19:59:59 Fri
    [InlineData("2026-11-27T12:00:00Z", true)]  // 20:00 Fri: start is inclusive
    [InlineData("2026-11-27T16:00:00Z", true)]  // 00:00 Sat: still Friday's window
    [InlineData("2026-11-27T21:59:59Z", true)]  // 05:59:59 Sat
    [InlineData("2026-11-27T22:00:00Z", false)] // 06:00 Sat: end is exclusive
    public void Window_AcrossMidnight(string utc, bool expected)
    {
        var schedule = new Schedule(Shanghai, [Overnight], [], null, null);

        Assert.Equal(expected, schedule.IsActive(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-11-27T17:00:00Z", true)]  // Sat 01:00 belongs to Friday night's window
    [InlineData("2026-11-28T17:00:00Z", false)] // Sun 01:00 belongs to Saturday night, not listed
    [InlineData("2026-11-28T13:00:00Z", false)] // Sat 21:00
    public void Weekdays_ApplyToTheDayTheWindowStarts(string utc, bool expected)
    {
        var schedule = new Schedule(Shanghai, [Overnight], [DayOfWeek.Friday], null, null);

        Assert.Equal(expected, schedule.IsActive(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-11-30T15:59:59Z", false)] // 23:59:59 on 30 Nov local
    [InlineData("2026-11-30T16:00:00Z", true)]  // 00:00 on 1 Dec local
    [InlineData("2026-12-31T15:59:59Z", true)]
    [InlineData("2026-12-31T16:00:00Z", false)]
    public void DateRange_IsInclusiveInLocalDates(string utc, bool expected)
    {
        var schedule = new Schedule(Shanghai, [], [], new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31));

        Assert.Equal(expected, schedule.IsActive(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void TimeZone_IsConfigurable_AndShanghaiHasNoDaylightSaving()
    {
        Assert.False(Shanghai.SupportsDaylightSavingTime && Shanghai.GetUtcOffset(new DateTime(2026, 7, 1)) != TimeSpan.FromHours(8));
        Assert.Equal(TimeSpan.FromHours(8), Shanghai.GetUtcOffset(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(8), Shanghai.GetUtcOffset(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)));

        // The same 20:00-06:00 written for UTC is a different instant.
        var utcNight = new Schedule(TimeZoneInfo.Utc, [Overnight], [], null, null);
        var at = new DateTimeOffset(2026, 11, 27, 12, 30, 0, TimeSpan.Zero);
        Assert.False(utcNight.IsActive(at));
        Assert.True(new Schedule(Shanghai, [Overnight], [], null, null).IsActive(at));
    }

    [Fact]
    public void Mapper_NamesBadFields()
    {
        var errors = new ValidationErrors();
        var schedule = ScheduleMapper.TryMap(
            new ScheduleDefinition
            {
                TimeZone = "Mars/Olympus", Windows = [new WindowDefinition { From = "25:00", To = "06:00" }], Weekdays = ["fri", "xyz"],
                From = "2026-12-31", To = "2026-12-01",
            },
            "schedule",
            errors);

        Assert.Null(schedule);
        Assert.Equal(["schedule.timeZone", "schedule.to", "schedule.weekdays", "schedule.windows"], errors.ByField.Keys.Order());
    }
}
