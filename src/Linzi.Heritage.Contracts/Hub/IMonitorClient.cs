namespace Linzi.Heritage.Contracts.Hub;

/// <summary>What the server calls on clients of the SignalR hub <c>/hubs/monitor</c>.</summary>
public interface IMonitorClient
{
    /// <summary>A new alert the receiver may see.</summary>
    Task AlertRaised(AlertDto alert);

    /// <summary>A change of state of an alert the receiver may see.</summary>
    Task AlertUpdated(AlertDto alert);

    /// <summary>The latest values of devices, coalesced and throttled for live maps.</summary>
    Task Readings(IReadOnlyList<LiveReadingDto> batch);

    /// <summary>A device went online or offline.</summary>
    Task DeviceStatus(DeviceStatusDto status);

    /// <summary>A call to act, sent to the person it is addressed to (and the bureau): raised, escalated, reminded, overdue.</summary>
    Task AlertNotice(AlertNoticeDto notice);
}
