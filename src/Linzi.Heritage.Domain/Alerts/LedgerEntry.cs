namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// One alert's part of a ledger commit: its row as it now is, the events appended to its hash-chained history, and
/// the feed entry (written when <see cref="Push"/> is not <see cref="AlertPush.None"/> or there is a notice).
/// Immutable.
/// </summary>
/// <param name="Alert">The alert's row after the change.</param>
/// <param name="Events">Appended to its history, in order.</param>
/// <param name="Push">How live clients are told.</param>
/// <param name="Notice">Who must act now, or null.</param>
public sealed record LedgerEntry(Alert Alert, IReadOnlyList<AlertEvent> Events, AlertPush Push, AlertNotice? Notice = null)
{
    /// <summary>True when the change goes to the feed.</summary>
    public bool IsFed => Push != AlertPush.None || Notice is not null;
}
