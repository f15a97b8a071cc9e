using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Storage.Influx;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// Pushes alerts to the groups allowed to see them, and device status to everyone signed in. With InfluxDB as the
/// time-series store, it also hands every alert transition to the chart copy (<see cref="InfluxAlertRecorder"/>).
/// </summary>
public sealed class SignalRMonitorNotifier(
    IHubContext<MonitorHub, IMonitorClient> hub, RegistryHolder registry, InfluxAlertRecorder? chart = null) : IMonitorNotifier
{
    /// <inheritdoc />
    public Task AlertRaisedAsync(Alert alert)
    {
        chart?.Record(alert);
        return Audience(alert).AlertRaised(alert.AsDto());
    }

    /// <inheritdoc />
    public Task AlertUpdatedAsync(Alert alert)
    {
        chart?.Record(alert);
        return Audience(alert).AlertUpdated(alert.AsDto());
    }

    /// <inheritdoc />
    public Task AlertNoticeAsync(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var dto = new AlertNoticeDto(notice.Kind, notice.Alert.AsDto(), notice.To);
        return notice.To is { } to
            ? hub.Clients.Groups(MonitorHub.AllGroup, MonitorHub.UserGroup(to)).AlertNotice(dto)
            : hub.Clients.Group(MonitorHub.AllGroup).AlertNotice(dto);
    }

    /// <inheritdoc />
    public Task DeviceStatusAsync(DeviceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return hub.Clients.All.DeviceStatus(new DeviceStatusDto(
            status.DeviceId, status.SiteId, status.Online ? "online" : "offline", status.Since.ToUniversalTime(), status.Firmware));
    }

    private IMonitorClient Audience(Alert alert) =>
        hub.Clients.Groups([MonitorHub.AllGroup, .. AlertRouting.People(alert, registry.Current).Select(MonitorHub.UserGroup)]);
}
