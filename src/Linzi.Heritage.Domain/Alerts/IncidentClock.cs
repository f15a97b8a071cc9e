namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// The statutory reporting clock of a confirmed heritage case (a red alert at a national or provincial site, resolved
/// as handled and confirmed): the administrative department must hear within 2 hours, the formal report is due within
/// 3 days. Immutable.
/// </summary>
/// <param name="ConfirmedAt">When the case was confirmed.</param>
/// <param name="ConfirmedBy">Who confirmed it.</param>
public sealed record IncidentClock(DateTimeOffset ConfirmedAt, string ConfirmedBy)
{
    /// <summary>Time allowed for the first report to the administrative department.</summary>
    public static readonly TimeSpan InitialReportWithin = TimeSpan.FromHours(2);

    /// <summary>Time allowed for the formal report.</summary>
    public static readonly TimeSpan FormalReportWithin = TimeSpan.FromDays(3);

    /// <summary>The first report's deadline.</summary>
    public DateTimeOffset InitialReportDue => ConfirmedAt + InitialReportWithin;

    /// <summary>The formal report's deadline.</summary>
    public DateTimeOffset FormalReportDue => ConfirmedAt + FormalReportWithin;

    /// <summary>When the first report was recorded.</summary>
    public DateTimeOffset? InitialReportedAt { get; init; }

    /// <summary>Reference (document number) of the first report.</summary>
    public string? InitialReference { get; init; }

    /// <summary>When the formal report was recorded.</summary>
    public DateTimeOffset? FormalReportedAt { get; init; }

    /// <summary>Reference (document number) of the formal report.</summary>
    public string? FormalReference { get; init; }

    /// <summary>True once the missed first-report deadline has been escalated.</summary>
    public bool InitialOverdue { get; init; }

    /// <summary>True once the missed formal-report deadline has been escalated.</summary>
    public bool FormalOverdue { get; init; }

    /// <summary>The report kinds whose deadline has passed without a report and not yet been escalated.</summary>
    public IReadOnlyList<string> NewlyOverdue(DateTimeOffset now)
    {
        var overdue = new List<string>();
        if (InitialReportedAt is null && !InitialOverdue && now >= InitialReportDue)
        {
            overdue.Add("initial");
        }

        if (FormalReportedAt is null && !FormalOverdue && now >= FormalReportDue)
        {
            overdue.Add("formal");
        }

        return overdue;
    }

    /// <summary>True while a report is outstanding.</summary>
    public bool Open => InitialReportedAt is null || FormalReportedAt is null;
}
