using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Monitoring;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

public sealed class EndToEndTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ProvisionedDevice_ReadingAboveThreshold_RaisesAlertForBureauAndIsInHistory()
    {
        await using var app = new HeritageApp(_data.Path);
        var secret = await app.ProvisionAsync("e2e-vib-01", "horse-pit", "vibration", Telemetry.HorsePitLat, Telemetry.HorsePitLon);
        await using var hub = await app.HubAsync("bureau");
        var recorder = new HubRecorder(hub);
        await hub.StartAsync(TestContext.Current.CancellationToken);

        using var device = await app.ConnectDeviceAsync("e2e-vib-01", secret);
        var ack = await device.PublishAsync(
            Topics.Telemetry("horse-pit", "e2e-vib-01"),
            """{"ts":"2026-11-26T14:03:05.120Z","seq":1,"readings":{"ppv_mm_s":0.31,"freq_hz":22}}""");

        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        var alert = await recorder.NextRaisedAsync();
        Assert.Equal(("horse-pit", "e2e-vib-01", "qd-r1c5", "red", "open"), (alert.SiteId, alert.DeviceId, alert.CellId, alert.Severity, alert.State));
        Assert.Equal(("ppv_mm_s", 0.31), (alert.Metric, alert.Value));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 3, 5, 120, TimeSpan.Zero), alert.RaisedAt);

        using var bureau = await app.ClientAsAsync("bureau");
        var history = await Eventually.History(bureau, "e2e-vib-01", "?metric=ppv_mm_s&from=2026-11-26T00:00:00Z&to=2026-11-27T00:00:00Z", 1);
        var point = Assert.Single(history.Points);
        Assert.Equal(("ppv_mm_s", 0.31), (point.Metric, point.Value));
        Assert.Equal(alert.RaisedAt, point.Ts);
    }

    [Fact]
    public async Task DemoDevice_Readings_ReachLiveMapAndDeviceStatus()
    {
        await using var app = new HeritageApp(_data.Path);
        await using var hub = await app.HubAsync("inspector-01");
        var recorder = new HubRecorder(hub);
        await hub.StartAsync(TestContext.Current.CancellationToken);

        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Status("horse-pit", "hp-clim-01"), """{"state":"online","fw":"1.4.2"}""", retain: true);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"temp_c":9.5,"rh_pct":55}}""");

        await Eventually.True(
            () =>
            {
                app.Time.Advance(LiveReadingsBroadcaster.Interval); // The push runs on the server's (fake) clock.
                return Task.FromResult(recorder.Readings.Any(r => r.DeviceId == "hp-clim-01" && r.Readings["rh_pct"] == 55));
            },
            "a live Readings push");
        Assert.Contains(recorder.Statuses, s => s.DeviceId == "hp-clim-01" && s.State == "online");

        using var api = await app.ClientAsAsync("maintenance");
        var devices = await api.GetFromJsonAsync<List<Contracts.Api.DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);
        var climate = Assert.Single(devices!, d => d.Id == "hp-clim-01");
        Assert.True(climate.Online);
        Assert.NotNull(climate.LastSeen);
        Assert.Equal("qd-r1c5", climate.CellId);
        Assert.Contains("horse-pit-protection", climate.ZoneIds);
    }

    public void Dispose() => _data.Dispose();
}
