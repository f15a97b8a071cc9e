using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Ingestion.Devices;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>Pushes device status to everyone signed in. (Alert changes reach clients through the alert feed.)</summary>
public sealed class SignalRDeviceStatusNotifier(IHubContext<MonitorHub, IMonitorClient> hub) : IDeviceStatusNotifier
{
    /// <inheritdoc />
    public Task DeviceStatusAsync(DeviceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return hub.Clients.All.DeviceStatus(new DeviceStatusDto(
            status.DeviceId, status.SiteId, status.Online ? "online" : "offline", status.Since.ToUniversalTime(), status.Firmware));
    }
}
