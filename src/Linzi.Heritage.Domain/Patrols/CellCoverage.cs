using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>Where a cell stands with its patrol duty now, for the map's colours.</summary>
public enum CoverageState
{
    /// <summary>The period running now has its visit.</summary>
    [WireName("on_time")]
    OnTime,

    /// <summary>The period running now still needs a visit before its deadline; the last one was met.</summary>
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
/// <param name="NextDeadline">The deadline of the period running now (or next, after today's window closed).</param>
/// <param name="MissedDeadline">The deadline missed, when overdue.</param>
public sealed record CellCoverage(string CellId, CoverageState State, DateTimeOffset? LastVisit, DateTimeOffset NextDeadline, DateTimeOffset? MissedDeadline)
{
    /// <summary>Judges a cell's coverage from its duty and its visits (those of the last and the running period at least). Pure.</summary>
    public static CellCoverage Of(PatrolDuty duty, IReadOnlyList<PatrolVisit> visits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(visits);
        var mine = visits.Where(v => v.CellId == duty.CellId).ToList();
        var last = mine.Count == 0 ? (DateTimeOffset?)null : mine.Max(v => v.ArrivedAt);
        var upcoming = DutyCalendar.NextDue(duty, now);
        if (DutyCalendar.Met(duty, upcoming, mine))
        {
            return new CellCoverage(duty.CellId, CoverageState.OnTime, last, upcoming.Deadline, null);
        }

        var latest = DutyCalendar.LatestDue(duty, now);
        var overdue = latest is not null && !DutyCalendar.Met(duty, latest, mine) && !mine.Any(v => v.LeftAt >= latest.Deadline);
        return new CellCoverage(
            duty.CellId, overdue ? CoverageState.Overdue : CoverageState.Due, last, upcoming.Deadline, overdue ? latest!.Deadline : null);
    }
}
