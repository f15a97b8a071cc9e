using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Ingestion.Live;

/// <summary>Pushes changes to people (SignalR in the server). Implementations must not throw into the pipeline.</summary>
public interface IMonitorNotifier
{
    /// <summary>A new alert.</summary>
    Task AlertRaisedAsync(Alert alert);

    /// <summary>An alert changed state.</summary>
    Task AlertUpdatedAsync(Alert alert);

    /// <summary>A device went online or offline.</summary>
    Task DeviceStatusAsync(DeviceStatus status);
}
