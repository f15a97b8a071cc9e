using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Ingestion.Live;

/// <summary>Pushes changes to people (SignalR in the server). Implementations must not throw into the pipeline.</summary>
public interface IMonitorNotifier
{
    /// <summary>A new alert.</summary>
    Task AlertRaisedAsync(Alert alert);

    /// <summary>An alert changed state.</summary>
    Task AlertUpdatedAsync(Alert alert);

    /// <summary>Someone must act: a new alert for its first responder, an escalation, a reminder, a missed report deadline.</summary>
    Task AlertNoticeAsync(AlertNotice notice);

    /// <summary>A device went online or offline.</summary>
    Task DeviceStatusAsync(DeviceStatus status);
}

/// <summary>A call to act on an alert, addressed to a person.</summary>
/// <param name="Kind"><c>raised</c>, <c>escalated</c>, <c>reminded</c> or <c>overdue</c>.</param>
/// <param name="Alert">The alert as it is now.</param>
/// <param name="To">The person to reach; null for the bureau only.</param>
public sealed record AlertNotice(string Kind, Alert Alert, string? To);
