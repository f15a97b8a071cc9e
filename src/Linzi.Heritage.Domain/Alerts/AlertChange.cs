namespace Linzi.Heritage.Domain.Alerts;

/// <summary>How a change shows to live clients.</summary>
public enum AlertPush
{
    /// <summary>Not pushed as an alert (a reminder is only a notice).</summary>
    None,

    /// <summary>A new alert (<c>AlertRaised</c>).</summary>
    Raised,

    /// <summary>A changed alert (<c>AlertUpdated</c>).</summary>
    Updated,
}

/// <summary>
/// One entry of the alert change feed: the alert as the ledger committed it, how live clients see the change, and
/// the notice it calls for, if any. Every consumer (live push, notification outbox, InfluxDB copy) follows the feed
/// by <see cref="Position"/> with its own checkpoint. Immutable.
/// </summary>
/// <param name="Position">The feed position: rising, unique, assigned at commit.</param>
/// <param name="Alert">The alert as committed with this change.</param>
/// <param name="Push">How live clients are told.</param>
/// <param name="Notice">Who must act now, or null.</param>
public sealed record AlertChange(long Position, Alert Alert, AlertPush Push, AlertNotice? Notice);
