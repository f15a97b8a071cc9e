namespace Linzi.Heritage.Domain.Patrols;

/// <summary>What the duty monitor must do for a cell now.</summary>
/// <param name="Judgement">Where it stands afterwards (to store when it changed).</param>
/// <param name="Missed">The period just missed, whose alert to raise; null when none.</param>
/// <param name="Clear">True when the cell was visited after a missed deadline: its alert is cleared.</param>
public sealed record DutyVerdict(DutyJudgement Judgement, DutyPeriod? Missed, bool Clear)
{
    /// <summary>
    /// From when <see cref="Judge"/> needs the cell's visits (they are read by arrival): the open miss's deadline and
    /// the start of a period due and not yet judged, the earlier; null when there is nothing to judge, as on most
    /// minutes, so the monitor reads no visits at all.
    /// </summary>
    public static DateTimeOffset? VisitsNeededFrom(PatrolDuty duty, DutyJudgement judgement, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(judgement);
        var from = judgement.MissedDeadline;
        if (DutyCalendar.LatestDue(duty, now) is { } due && !(judgement.LastJudged is { } judged && due.Deadline <= judged))
        {
            from = from is { } missed && missed < due.Start ? missed : due.Start;
        }

        return from;
    }

    /// <summary>
    /// Judges the latest period due once (a period is never judged twice, whichever instance runs the monitor), and
    /// clears an open miss once the cell is visited again. Periods that fell due while nobody ran the monitor are not
    /// alerted one by one: only the latest is, and the report counts them all.
    /// </summary>
    /// <param name="duty">The cell's duty.</param>
    /// <param name="judgement">Where the monitor stood.</param>
    /// <param name="visits">The cell's visits since the earlier of the open miss and the period due.</param>
    /// <param name="now">Now.</param>
    public static DutyVerdict Judge(PatrolDuty duty, DutyJudgement judgement, IReadOnlyList<PatrolVisit> visits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(judgement);
        ArgumentNullException.ThrowIfNull(visits);
        var next = judgement;
        var clear = false;
        if (judgement.MissedDeadline is { } missedAt && visits.Any(v => v.CellId == duty.CellId && v.LeftAt >= missedAt))
        {
            next = next with { MissedDeadline = null };
            clear = true;
        }

        if (DutyCalendar.LatestDue(duty, now) is not { } due || (judgement.LastJudged is { } judged && due.Deadline <= judged))
        {
            return new DutyVerdict(next, null, clear);
        }

        if (DutyCalendar.Met(duty, due, visits))
        {
            return new DutyVerdict(next with { LastJudged = due.Deadline }, null, clear);
        }

        // A miss keeps (or re-opens) the alert: a visit after this deadline clears it.
        return new DutyVerdict(new DutyJudgement(due.Deadline, due.Deadline), due, false);
    }
}
