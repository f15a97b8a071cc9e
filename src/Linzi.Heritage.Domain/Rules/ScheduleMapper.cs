using System.Globalization;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>Maps <see cref="ScheduleDefinition"/> to <see cref="Schedule"/> and back, naming bad fields. Pure.</summary>
public static class ScheduleMapper
{
    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss"];

    /// <summary>Validates and maps a schedule under the JSON path <paramref name="field"/>; null when absent or wrong.</summary>
    public static Schedule? TryMap(ScheduleDefinition? definition, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (definition is null)
        {
            return null;
        }

        var before = errors.ByField.Count;
        if (!Schedule.TryFindZone(definition.TimeZone, out var zone))
        {
            errors.Add($"{field}.timeZone", $"Unknown time zone '{definition.TimeZone}': use an IANA id such as Asia/Shanghai.");
        }

        var windows = new List<TimeWindow>();
        foreach (var window in definition.Windows ?? [])
        {
            if (TryTime(window.From, out var from) && TryTime(window.To, out var to))
            {
                windows.Add(new TimeWindow(from, to));
            }
            else
            {
                errors.Add($"{field}.windows", "Each window needs from and to as HH:mm, such as {\"from\":\"20:00\",\"to\":\"06:00\"}.");
            }
        }

        var weekdays = new List<DayOfWeek>();
        foreach (var day in definition.Weekdays ?? [])
        {
            var index = Array.IndexOf(Days, day);
            if (index < 0)
            {
                errors.Add($"{field}.weekdays", $"Unknown weekday '{day}': use mon, tue, wed, thu, fri, sat or sun.");
            }
            else
            {
                weekdays.Add((DayOfWeek)index);
            }
        }

        var first = Date(definition.From, $"{field}.from", errors);
        var last = Date(definition.To, $"{field}.to", errors);
        if (first > last)
        {
            errors.Add($"{field}.to", "Must not be before from.");
        }

        return errors.ByField.Count > before ? null : new Schedule(zone, windows, weekdays, first, last);
    }

    /// <summary>The JSON form of a schedule.</summary>
    public static ScheduleDefinition? ToDefinition(Schedule? schedule) => schedule is null ? null : new ScheduleDefinition
    {
        TimeZone = schedule.Zone.Id,
        Windows = [.. schedule.Windows.Select(w => new WindowDefinition { From = Time(w.From), To = Time(w.To) })],
        Weekdays = [.. schedule.Weekdays.Select(d => Days[(int)d])],
        From = schedule.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = schedule.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static string Time(TimeOnly time) =>
        time.ToString(time.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "Must be a date as yyyy-MM-dd.");
        return null;
    }
}
