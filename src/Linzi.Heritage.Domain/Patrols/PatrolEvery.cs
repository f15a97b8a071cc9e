using System.Globalization;
using System.Text.RegularExpressions;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// How often a cell must be patrolled, as an ISO 8601 duration of whole days, weeks, months or years (<c>P1D</c>,
/// <c>P1W</c>, <c>P1M</c>, <c>P3M</c>): practice asks daily, weekly, monthly or quarterly. Periods are calendar-aligned
/// in the duty's time zone: days from midnight, weeks from Monday, months from the first, quarters from January.
/// </summary>
/// <param name="Months">Whole months per period, or 0.</param>
/// <param name="Days">Whole days per period, or 0.</param>
public sealed partial record PatrolEvery(int Months, int Days)
{
    /// <summary>Parses an ISO 8601 duration; null when it is not a whole number of days, weeks, months or years.</summary>
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
        // One unit only: "one month and three days" has no calendar period to align to.
        return (months > 0) != (days > 0) && months <= 120 && days <= 366 ? new PatrolEvery(months, days) : null;
    }

    /// <inheritdoc />
    public override string ToString() => Months > 0
        ? string.Create(CultureInfo.InvariantCulture, $"P{Months}M")
        : string.Create(CultureInfo.InvariantCulture, $"P{Days}D");

    [GeneratedRegex(@"^P(?:(?<y>\d{1,2})Y)?(?:(?<m>\d{1,3})M)?(?:(?<w>\d{1,2})W)?(?:(?<d>\d{1,3})D)?$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex Iso();
}
