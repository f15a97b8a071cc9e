using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>One cell's line of the patrol report.</summary>
/// <param name="CellId">The cell.</param>
/// <param name="CellName">Its name.</param>
/// <param name="Inspector">Its grid inspector; empty for a gap.</param>
/// <param name="Duty">Its duty (<c>P1D 08:00–18:00</c>, with <c>(withdrawn …)</c> after one the bureau withdrew); null when none is set.</param>
/// <param name="Visits">Visits that began in the period.</param>
/// <param name="DutyPeriods">Duty periods that began in the report's period and whose deadline has passed.</param>
/// <param name="MissedDeadlines">The deadlines of those periods without a visit.</param>
/// <param name="LastVisit">The latest visit's arrival in the period; null when none.</param>
/// <param name="Reports">Visit reports recorded for the cell in the period.</param>
/// <param name="Findings">Alerts raised in the cell in the period (drills and missed patrols left out), and visit reports that found a problem.</param>
/// <param name="OpenAlerts">Alerts of the cell still open at the end of the period.</param>
public sealed record PatrolReportRow(
    string CellId, string CellName, string Inspector, string? Duty, int Visits, int DutyPeriods, IReadOnlyList<DateTimeOffset> MissedDeadlines,
    DateTimeOffset? LastVisit, int Reports, int Findings, int OpenAlerts)
{
    /// <summary>Duty periods missed.</summary>
    public int Missed => MissedDeadlines.Count;

    /// <summary>Share of duty periods met, 0–1; null without any.</summary>
    public double? Coverage => DutyPeriods == 0 ? null : (DutyPeriods - Missed) / (double)DutyPeriods;
}

/// <summary>
/// The patrol report of a period for a chief's area or the whole district (weekly in practice): per cell, visits, duty
/// periods met and missed, findings and open alerts. Pure: the caller hands it what the stores hold.
/// </summary>
/// <param name="From">Start of the period.</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="Chief">The chief whose area it covers; null for the whole district.</param>
/// <param name="Cells">One line per cell, by id.</param>
public sealed record PatrolReport(DateTimeOffset From, DateTimeOffset To, string? Chief, IReadOnlyList<PatrolReportRow> Cells)
{
    /// <summary>The rule id of the alert a missed duty raises.</summary>
    public const string MissedRuleId = "patrol-missed";

    /// <summary>Visits in all cells.</summary>
    public int Visits => Cells.Sum(c => c.Visits);

    /// <summary>Duty periods due in all cells.</summary>
    public int DutyPeriods => Cells.Sum(c => c.DutyPeriods);

    /// <summary>Missed duty periods in all cells.</summary>
    public int Missed => Cells.Sum(c => c.Missed);

    /// <summary>Share of duty periods met across the cells, 0–1; null without any.</summary>
    public double? Coverage => DutyPeriods == 0 ? null : (DutyPeriods - Missed) / (double)DutyPeriods;

    /// <summary>The sites in the report's cells with their named people (专人负责、专人监管、专人巡查), by id.</summary>
    public IReadOnlyList<PatrolReportSite> Sites { get; init; } = [];

    /// <summary>Builds the report for the given cells.</summary>
    /// <param name="cells">The cells it covers.</param>
    /// <param name="duties">Duties by cell id.</param>
    /// <param name="visits">Visits that may fall in the period (others are ignored).</param>
    /// <param name="alerts">Alerts of those cells that were raised before the period ended.</param>
    /// <param name="reports">Visit reports that may fall in the period.</param>
    /// <param name="from">Start.</param>
    /// <param name="to">End (exclusive).</param>
    /// <param name="chief">Whose area, or null.</param>
    /// <param name="now">Now: a period whose deadline is still ahead is neither met nor missed yet.</param>
    public static PatrolReport Build(
        IEnumerable<GridCell> cells, IReadOnlyDictionary<string, PatrolDuty> duties, IReadOnlyList<PatrolVisit> visits,
        IReadOnlyList<Alert> alerts, IReadOnlyList<VisitReport> reports, DateTimeOffset from, DateTimeOffset to, string? chief, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(duties);
        ArgumentNullException.ThrowIfNull(visits);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(reports);
        var rows = new List<PatrolReportRow>();
        foreach (var cell in cells.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var inCell = visits.Where(v => v.CellId == cell.Id).ToList();
            var inPeriod = inCell.Where(v => v.ArrivedAt >= from && v.ArrivedAt < to).ToList();
            var missed = new List<DateTimeOffset>();
            var due = 0;
            string? dutyText = null;
            if (duties.TryGetValue(cell.Id, out var duty))
            {
                dutyText = duty.EndedAt is { } ended
                    ? string.Create(CultureInfo.InvariantCulture, $"{Describe(duty)} (withdrawn {TimeZoneInfo.ConvertTime(ended, duty.Zone):yyyy-MM-dd HH:mm})")
                    : Describe(duty);
                // Each period by the duty in force when it began counting: a change mid-week does not rewrite the
                // days before it. The period running at a change stays the old duty's, and the new duty's periods that
                // begin counting before it ends are not judged, so no day is counted twice. A withdrawn duty asks
                // nothing that fell due after its withdrawal, the period running then included.
                DateTimeOffset? notBefore = null;
                foreach (var (version, until) in duty.Versions())
                {
                    var periods = DutyCalendar.DueBetween(version, from, to)
                        .Where(p => p.Deadline <= now && (until is null || p.CountFrom < until) && (notBefore is null || p.CountFrom >= notBefore)
                            && (version.EndedAt is null || p.Deadline <= version.EndedAt));
                    foreach (var period in periods)
                    {
                        due++;
                        if (!DutyCalendar.Met(version, period, inCell))
                        {
                            missed.Add(period.Deadline);
                        }
                    }

                    // Carried over every later change: a duty edited twice before its window opened still counts the day once.
                    if (version.EndedAt is null && until is { } changed && DutyCalendar.NextDue(version, changed) is { } running && running.CountFrom < changed
                        && (notBefore is null || running.Deadline > notBefore))
                    {
                        notBefore = running.Deadline;
                    }
                }
            }

            var cellAlerts = alerts.Where(a => a.CellId == cell.Id && !a.Drill).ToList();
            var cellReports = reports.Where(r => r.CellId == cell.Id && r.At >= from && r.At < to).ToList();
            rows.Add(new PatrolReportRow(
                cell.Id, cell.Name, cell.Inspector, dutyText, inPeriod.Count, due, missed,
                inPeriod.Count == 0 ? null : inPeriod.Max(v => v.ArrivedAt),
                cellReports.Count,
                cellAlerts.Count(a => a.RaisedAt >= from && a.RaisedAt < to && a.RuleId != MissedRuleId) + cellReports.Count(r => r.Problems > 0),
                cellAlerts.Count(a => a.RaisedAt < to && a.IsActive)));
        }

        return new PatrolReport(from, to, chief, rows);
    }

    /// <summary>A duty in words: <c>P1D 08:00–18:00</c>.</summary>
    public static string Describe(PatrolDuty duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        return duty.HasWindow ? $"{duty.Every} {duty.WindowFrom:HH\\:mm}–{duty.WindowTo:HH\\:mm}" : duty.Every.ToString();
    }
}

/// <summary>A site in a patrol report's area: who answers for it, and the cells of the report it reaches into.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Name">Its Chinese name.</param>
/// <param name="Kind">Its kind's wire name.</param>
/// <param name="Staffed">True when guarded on site.</param>
/// <param name="Stewards">Its named people; null when none are named.</param>
/// <param name="CellIds">The report's cells its zones reach into.</param>
public sealed record PatrolReportSite(string SiteId, string Name, string Kind, bool Staffed, SiteStewards? Stewards, IReadOnlyList<string> CellIds)
{
    /// <summary>The sites whose zones reach into any of the cells, by id.</summary>
    public static IReadOnlyList<PatrolReportSite> Of(RegistrySnapshot registry, IEnumerable<GridCell> cells)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(cells);
        return [.. cells
            .SelectMany(c => registry.SitesTouching(c).Select(s => (Site: s, CellId: c.Id)))
            .GroupBy(p => p.Site.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var site = g.First().Site;
                return new PatrolReportSite(site.Id, site.NameZh, Wire.WireName.Of(site.Kind), site.Staffed, site.Stewards, [.. g.Select(p => p.CellId).Order(StringComparer.Ordinal)]);
            })];
    }
}
