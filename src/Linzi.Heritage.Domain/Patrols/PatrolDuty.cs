namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// A cell's patrol duty: visited once per period (<see cref="Every"/>), inside the local hours
/// <see cref="WindowFrom"/>–<see cref="WindowTo"/> when given (a window may run past midnight, as night patrols
/// against looting do). Periods that began before the duty was set are not judged.
/// </summary>
/// <param name="CellId">The grid cell.</param>
/// <param name="Every">How often.</param>
/// <param name="WindowFrom">Start of the local hours a visit must fall in; null for any hour.</param>
/// <param name="WindowTo">End of those hours (exclusive); null for any hour.</param>
/// <param name="Zone">The time zone of the hours and of the period boundaries.</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="SetAt">When.</param>
public sealed record PatrolDuty(string CellId, PatrolEvery Every, TimeOnly? WindowFrom, TimeOnly? WindowTo, TimeZoneInfo Zone, string SetBy, DateTimeOffset SetAt)
{
    /// <summary>True when each visit must also check fire safety (a daily fire patrol where the site's rules ask for one).</summary>
    public bool FireCheck { get; init; }

    /// <summary>True when the duty names hours.</summary>
    public bool HasWindow => WindowFrom is not null && WindowTo is not null;

    /// <summary>
    /// The cell's earlier duties, oldest first, each in force from its own <see cref="SetAt"/> until the next one's:
    /// a report judges a past period by the duty in force when the period began, not by today's.
    /// </summary>
    public IReadOnlyList<PatrolDuty> Earlier { get; init; } = [];

    /// <summary>
    /// When the bureau withdrew the duty; null while it is in force. A withdrawn duty is kept, so that reports on the
    /// weeks it governed still count its misses: deleting a duty must not erase them.
    /// </summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>
    /// Every version with the time it stopped being in force (withdrawn, or given way to the next; null for one in
    /// force now), oldest first.
    /// </summary>
    public IReadOnlyList<(PatrolDuty Duty, DateTimeOffset? Until)> Versions() =>
        [.. Earlier.Select((d, i) => (d, d.EndedAt ?? (i + 1 < Earlier.Count ? Earlier[i + 1].SetAt : SetAt))), (this, EndedAt)];

    /// <summary>
    /// This duty replacing <paramref name="before"/>: it keeps the earlier versions whose time in force ended after
    /// <paramref name="keepSince"/> (as far back as reports are kept answerable), and <paramref name="before"/> itself.
    /// </summary>
    public PatrolDuty Replacing(PatrolDuty? before, DateTimeOffset keepSince) => before is null
        ? this with { Earlier = [] }
        : this with
        {
            Earlier = [.. before.Versions().Where(v => (v.Until ?? SetAt) > keepSince).Select(v => v.Duty with { Earlier = [] })],
        };
}

/// <summary>
/// Where the duty monitor stands with a cell: the deadline it judged last, and the deadline of the missed period whose
/// alert is still open (cleared by the cell's next visit).
/// </summary>
/// <param name="LastJudged">The latest deadline judged; null before the first.</param>
/// <param name="MissedDeadline">The deadline missed whose alert waits for a visit; null when none.</param>
public sealed record DutyJudgement(DateTimeOffset? LastJudged, DateTimeOffset? MissedDeadline)
{
    /// <summary>Nothing judged yet.</summary>
    public static DutyJudgement None { get; } = new(null, null);
}
