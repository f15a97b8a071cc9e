namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// One patrol of a grid inspector (巡查), from start to end, and what the tracker made of its positions. Immutable:
/// <see cref="PatrolTracking"/> returns a new value for every batch of positions.
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="Inspector">Username of the inspector who started it; only they add positions.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended; null while it runs (the phone shares its location only then).</param>
public sealed record Patrol(string Id, string Inspector, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    /// <summary>Stays that ended and were long enough, in order.</summary>
    public IReadOnlyList<PatrolVisit> Visits { get; init; } = [];

    /// <summary>The stay going on in the cell of the last accepted position; it may still be shorter than a visit.</summary>
    public PatrolVisit? Stay { get; init; }

    /// <summary>The last accepted position: the next is judged against it.</summary>
    public PatrolPosition? Last { get; init; }

    /// <summary>How many positions were accepted.</summary>
    public int AcceptedPositions { get; init; }

    /// <summary>How many positions were refused (impossible speed, out of order, in the future, imprecise).</summary>
    public int RejectedPositions { get; init; }

    /// <summary>
    /// How often the phone fell silent for longer than <see cref="PatrolLimits.ReportEvery"/>: between the start and the
    /// first accepted position, between two accepted positions, and from the last to the end.
    /// </summary>
    public int Silences { get; init; }

    /// <summary>The longest of those silences; zero when there was none.</summary>
    public TimeSpan LongestSilence { get; init; }

    /// <summary>True until ended.</summary>
    public bool IsActive => EndedAt is null;

    /// <summary>The visits so far: the ended ones and the stay going on once it is long enough.</summary>
    public IReadOnlyList<PatrolVisit> VisitsSoFar(TimeSpan minDwell) =>
        Stay is { } stay && stay.LeftAt - stay.ArrivedAt >= minDwell ? [.. Visits, stay] : Visits;
}
