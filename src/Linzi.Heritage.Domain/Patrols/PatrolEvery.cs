using System.Globalization;
using System.Text.RegularExpressions;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// How often a cell must be patrolled, as an ISO 8601 duration of whole days, weeks, months or years (<c>P1D</c>,
/// <c>P1W</c>, <c>P1M</c>, <c>P3M</c>): practice asks daily, weekly, monthly or quarterly; or of hours and minutes
/// shorter than a day (<c>PT12H</c> for a day and a night round, <c>PT5M</c> to try the system out). Periods are
/// calendar-aligned in the duty's time zone: days from midnight, weeks from Monday, months from the first, quarters
/// from January, hours and minutes from midnight.
/// </summary>
/// <param name="Months">Whole months per period, or 0.</param>
/// <param name="Days">Whole days per period, or 0.</param>
/// <param name="Minutes">Minutes per period when shorter than a day, or 0.</param>
public sealed partial record PatrolEvery(int Months, int Days, int Minutes = 0)
{
    /// <summary>True for a period shorter than a day: it has no window hours.</summary>
    public bool IsSubDay => Minutes > 0;

    /// <summary>About how long a period lasts (a month as 30 days), to tell which of two duties asks more often.</summary>
    public TimeSpan Approximately => TimeSpan.FromDays((Months * 30) + Days) + TimeSpan.FromMinutes(Minutes);

    /// <summary>Parses an ISO 8601 duration; null when it is not one unit of calendar period (months, days, or less than a day).</summary>
    public static PatrolEvery? TryParse(string? text)
    {
        var match = Iso().Match(text ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        static int Part(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
        var months = (Part(match.Groups["y"]) * 12) + Part(match.Groups["m"]);
        var days = (Part(match.Groups["w"]) * 7) + Part(match.Groups["d"]);
        var minutes = (Part(match.Groups["h"]) * 60) + Part(match.Groups["min"]);
        if (minutes > 0 && minutes % (24 * 60) == 0)
        {
            (days, minutes) = (days + (minutes / (24 * 60)), 0); // PT24H is a day
        }

        // One unit only: "one month and three days" has no calendar period to align to.
        var units = (months > 0 ? 1 : 0) + (days > 0 ? 1 : 0) + (minutes > 0 ? 1 : 0);
        // At most a year (the duty monitor looks back that far), and slots shorter than a day of at least 5 minutes
        // that divide the day, so that they run from midnight every day.
        var subDayOk = minutes == 0 || (minutes >= 5 && (24 * 60) % minutes == 0);
        return units == 1 && months <= 12 && days <= 366 && subDayOk ? new PatrolEvery(months, days, minutes) : null;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Months > 0 && Months % 12 == 0 ? string.Create(CultureInfo.InvariantCulture, $"P{Months / 12}Y")
        : Months > 0 ? string.Create(CultureInfo.InvariantCulture, $"P{Months}M")
        : Days > 0 && Days % 7 == 0 ? string.Create(CultureInfo.InvariantCulture, $"P{Days / 7}W")
        : Days > 0 ? string.Create(CultureInfo.InvariantCulture, $"P{Days}D")
        : Minutes % 60 == 0 ? string.Create(CultureInfo.InvariantCulture, $"PT{Minutes / 60}H")
        : Minutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"PT{Minutes}M")
        : string.Create(CultureInfo.InvariantCulture, $"PT{Minutes / 60}H{Minutes % 60}M");

    [GeneratedRegex(@"^P(?:(?<y>\d{1,2})Y)?(?:(?<m>\d{1,3})M)?(?:(?<w>\d{1,2})W)?(?:(?<d>\d{1,3})D)?(?:T(?=\d)(?:(?<h>\d{1,2})H)?(?:(?<min>\d{1,4})M)?)?$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Iso();
}
