using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>Where a cell stands with its patrol duty now, for the map's colours.</summary>
public enum CoverageState
{
    /// <summary>
    /// The period running now has its visit; or the window of the next has not opened yet and the last period was met.
    /// </summary>
    [WireName("on_time")]
    OnTime,

    /// <summary>
    /// The period whose window has opened still needs a visit before its deadline, and the last one was met or has
    /// had a visit since; or, before the next window opens, the last one was missed but has had a visit since.
    /// </summary>
    [WireName("due")]
    Due,

    /// <summary>The last period passed its deadline without a visit, and none has come since.</summary>
    [WireName("overdue")]
    Overdue,
}

/// <summary>A cell's patrol coverage now.</summary>
/// <param name="CellId">The cell.</param>
/// <param name="State">Where it stands.</param>
/// <param name="LastVisit">When its latest visit began; null when none is known.</param>
/// <param name="NextDeadline">
/// The deadline still ahead: of the period whose window is running now (a night window's, until it closes in the
/// morning), else of the next one.
/// </param>
/// <param name="MissedDeadline">The deadline missed, when overdue.</param>
public sealed record CellCoverage(string CellId, CoverageState State, DateTimeOffset? LastVisit, DateTimeOffset NextDeadline, DateTimeOffset? MissedDeadline)
{
    /// <summary>
    /// Judges a cell's coverage from its duty and its visits (those of the last and the running period at least).
    /// Between the close of a met period's window and the opening of the next one's, the cell is on time. Pure.
    /// </summary>
    public static CellCoverage Of(PatrolDuty duty, IReadOnlyList<PatrolVisit> visits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(visits);
        var mine = visits.Where(v => v.CellId == duty.CellId).ToList();
        var last = mine.Count == 0 ? (DateTimeOffset?)null : mine.Max(v => v.ArrivedAt);
        var upcoming = DutyCalendar.NextDue(duty, now);
        var latest = DutyCalendar.LatestDue(duty, now);
        // Before the upcoming period's window opens, the last period whose deadline passed speaks for the cell (met
        // though it began before the duty was set, when it is not judged: a visit still shows).
        var betweenWindows = now < upcoming.CountFrom;
        if (DutyCalendar.Met(duty, upcoming, mine) || (betweenWindows && DutyCalendar.Met(duty, DutyCalendar.PeriodAt(duty, upcoming.Start.AddTicks(-1)), mine)))
        {
            return new CellCoverage(duty.CellId, CoverageState.OnTime, last, upcoming.Deadline, null);
        }

        var overdue = latest is not null && !DutyCalendar.Met(duty, latest, mine) && !mine.Any(v => v.LeftAt >= latest.Deadline);
        return new CellCoverage(
            duty.CellId, overdue ? CoverageState.Overdue : CoverageState.Due, last, upcoming.Deadline, overdue ? latest!.Deadline : null);
    }
}
