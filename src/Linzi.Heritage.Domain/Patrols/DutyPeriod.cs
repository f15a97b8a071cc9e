namespace Linzi.Heritage.Domain.Patrols;

/// <summary>One period of a duty: a visit must start or end between <see cref="CountFrom"/> and <see cref="Deadline"/>, inside the duty's hours.</summary>
/// <param name="Start">Local midnight the period begins.</param>
/// <param name="CountFrom">The first moment a visit counts: the window's first opening in the period, else <see cref="Start"/>.</param>
/// <param name="Deadline">The last window's close in the period, else the period's end: after it, no visit means a missed duty.</param>
public sealed record DutyPeriod(DateTimeOffset Start, DateTimeOffset CountFrom, DateTimeOffset Deadline);

/// <summary>The calendar of a duty and whether its periods were met. Pure.</summary>
public static class DutyCalendar
{
    // Day-based periods count from a Monday, so P1W periods are calendar weeks (the weekly report's).
    private static readonly DateOnly DayAnchor = new(2000, 1, 3);

    /// <summary>The period containing the local date of <paramref name="at"/>.</summary>
    public static DutyPeriod PeriodAt(PatrolDuty duty, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(duty);
        var local = TimeZoneInfo.ConvertTime(at, duty.Zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        if (duty.Every.IsSubDay)
        {
            // Slots of the period's length from midnight (the anchor's, so that slots run on across days).
            var span = duty.Every.Minutes;
            var minutes = (long)Math.Floor((local - DayAnchor.ToDateTime(TimeOnly.MinValue)).TotalMinutes);
            var slot = DayAnchor.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes - (((minutes % span) + span) % span));
            var start = Local(duty, DateOnly.FromDateTime(slot), TimeOnly.FromDateTime(slot));
            return new DutyPeriod(start, start, start.AddMinutes(span));
        }

        DateOnly first, next;
        if (duty.Every.Months > 0)
        {
            var index = (date.Year * 12) + date.Month - 1;
            index -= index % duty.Every.Months;
            first = new DateOnly(index / 12, (index % 12) + 1, 1);
            next = first.AddMonths(duty.Every.Months);
        }
        else
        {
            var offset = date.DayNumber - DayAnchor.DayNumber;
            first = DayAnchor.AddDays(offset - (int)(((offset % duty.Every.Days) + duty.Every.Days) % duty.Every.Days));
            next = first.AddDays(duty.Every.Days);
        }

        if (!duty.HasWindow)
        {
            return new DutyPeriod(Local(duty, first, TimeOnly.MinValue), Local(duty, first, TimeOnly.MinValue), Local(duty, next, TimeOnly.MinValue));
        }

        var from = duty.WindowFrom!.Value;
        var to = duty.WindowTo!.Value;
        // A window past midnight (22:00–04:00) closes on the day after the period's last evening.
        var closesOn = to > from ? next.AddDays(-1) : next;
        return new DutyPeriod(Local(duty, first, TimeOnly.MinValue), Local(duty, first, from), Local(duty, closesOn, to));
    }

    /// <summary>
    /// The latest period whose deadline has passed and that began after the duty was set; null when none. Between
    /// midnight and the close of a window past midnight that is the period before last: last night's is still running.
    /// </summary>
    public static DutyPeriod? LatestDue(PatrolDuty duty, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(duty);
        var period = PeriodAt(duty, now);
        while (period.Deadline > now)
        {
            period = Previous(duty, period);
        }

        return period.CountFrom >= duty.SetAt ? period : null;
    }

    /// <summary>
    /// The first period whose deadline is still ahead of <paramref name="now"/>: between midnight and the close of a
    /// window past midnight, the one whose window opened yesterday evening (not the one of the date, whose window opens
    /// tonight); after the day's window closed, the next one.
    /// </summary>
    public static DutyPeriod NextDue(PatrolDuty duty, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(duty);
        var period = PeriodAt(duty, now);
        if (period.Deadline <= now)
        {
            return PeriodAt(duty, LocalNextStart(duty, period));
        }

        // Only a window past midnight closes after the next period began, so this steps back once at most.
        for (var previous = Previous(duty, period); previous.Deadline > now; previous = Previous(duty, previous))
        {
            period = previous;
        }

        return period;
    }

    /// <summary>
    /// The judged periods that began in [from, to), oldest first: a week from Monday to Monday holds the seven days'
    /// periods, whether they close at 18:00, at midnight or on the next morning.
    /// </summary>
    public static IReadOnlyList<DutyPeriod> DueBetween(PatrolDuty duty, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(duty);
        var periods = new List<DutyPeriod>();
        for (var period = PeriodAt(duty, from); period.Start < to; period = PeriodAt(duty, LocalNextStart(duty, period)))
        {
            if (period.Start >= from && period.CountFrom >= duty.SetAt)
            {
                periods.Add(period);
            }
        }

        return periods;
    }

    /// <summary>
    /// True when a visit of the duty's cell overlaps the period's counted time and hours: it starts or ends inside
    /// them, or spans a window's opening.
    /// </summary>
    public static bool Met(PatrolDuty duty, DutyPeriod period, IEnumerable<PatrolVisit> visits)
    {
        ArgumentNullException.ThrowIfNull(duty);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(visits);
        return visits.Any(v => v.CellId == duty.CellId && (Counts(duty, period, v.ArrivedAt) || Counts(duty, period, v.LeftAt) || SpansOpening(duty, period, v)));
    }

    // A stay from before a window opens until after it closes: the opening on its first or second day lies within it
    // (a stay is shorter than a day).
    private static bool SpansOpening(PatrolDuty duty, DutyPeriod period, PatrolVisit visit)
    {
        if (!duty.HasWindow)
        {
            return false;
        }

        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(visit.ArrivedAt, duty.Zone).DateTime);
        return new[] { day, day.AddDays(1) }
            .Select(d => Local(duty, d, duty.WindowFrom!.Value))
            .Any(opening => opening >= visit.ArrivedAt && opening <= visit.LeftAt && Counts(duty, period, opening));
    }

    private static bool Counts(PatrolDuty duty, DutyPeriod period, DateTimeOffset at)
    {
        if (at < period.CountFrom || at >= period.Deadline)
        {
            return false;
        }

        if (!duty.HasWindow)
        {
            return true;
        }

        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, duty.Zone).DateTime);
        var (from, to) = (duty.WindowFrom!.Value, duty.WindowTo!.Value);
        return to > from ? time >= from && time < to : time >= from || time < to;
    }

    // The period after this one begins a period's length after its start; a day past that start always lies inside it
    // (an hour past, for days, whatever daylight saving does), and a slot shorter than a day begins at this one's end.
    private static DateTimeOffset LocalNextStart(PatrolDuty duty, DutyPeriod period) =>
        duty.Every.IsSubDay ? period.Deadline
        : duty.Every.Months > 0 ? period.Start.AddMonths(duty.Every.Months).AddDays(1)
        : period.Start.AddDays(duty.Every.Days).AddHours(1);

    // The period before this one: the one containing the moment before its start.
    private static DutyPeriod Previous(PatrolDuty duty, DutyPeriod period) => PeriodAt(duty, period.Start.AddTicks(-1));

    private static DateTimeOffset Local(PatrolDuty duty, DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, duty.Zone.GetUtcOffset(local));
    }
}
