namespace Linzi.Heritage.Domain.Rules;

/// <summary>A daily time window in local time. <c>From</c> after <c>To</c> runs across midnight; equal means all day.</summary>
public readonly record struct TimeWindow(TimeOnly From, TimeOnly To)
{
    /// <summary>True when the window runs across midnight, such as 20:00–06:00.</summary>
    public bool CrossesMidnight => From > To;
}

/// <summary>
/// When a rule may raise: daily windows, weekdays and a date range, in a time zone (Asia/Shanghai by default;
/// China keeps no daylight-saving time, but the zone is configurable). A window that crosses midnight belongs to the
/// day it starts: Friday 22:00–06:00 covers Saturday 02:00, and the weekday and date checks use Friday. Immutable.
/// </summary>
/// <param name="Zone">The time zone the windows are written in.</param>
/// <param name="Windows">Daily windows; empty for the whole day.</param>
/// <param name="Weekdays">Days the windows start on; empty for every day.</param>
/// <param name="From">First date (inclusive), or null.</param>
/// <param name="To">Last date (inclusive), or null.</param>
public sealed record Schedule(TimeZoneInfo Zone, IReadOnlyList<TimeWindow> Windows, IReadOnlyList<DayOfWeek> Weekdays, DateOnly? From, DateOnly? To)
{
    /// <summary>The default time zone id.</summary>
    public const string DefaultTimeZoneId = "Asia/Shanghai";

    /// <summary>True when the schedule is in force at the instant.</summary>
    public bool IsActive(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (Windows.Count == 0)
        {
            return DayAllowed(date);
        }

        foreach (var window in Windows)
        {
            if (window.From == window.To)
            {
                if (DayAllowed(date))
                {
                    return true;
                }
            }
            else if (!window.CrossesMidnight)
            {
                if (time >= window.From && time < window.To && DayAllowed(date))
                {
                    return true;
                }
            }
            else if ((time >= window.From && DayAllowed(date)) || (time < window.To && DayAllowed(date.AddDays(-1))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds a time zone by IANA id; China Standard Time (UTC+8, no DST) stands in when tzdata lacks Asia/Shanghai.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        id ??= DefaultTimeZoneId;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            if (id == DefaultTimeZoneId)
            {
                zone = TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
                return true;
            }

            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private bool DayAllowed(DateOnly startDay) =>
        (Weekdays.Count == 0 || Weekdays.Contains(startDay.DayOfWeek)) &&
        (From is not { } from || startDay >= from) &&
        (To is not { } to || startDay <= to);
}
