using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

public sealed class DurabilityTests : IDisposable
{
    private const int Readings = 50;

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Restart_RightAfterAcknowledgedPublishes_KeepsEveryReadingAndAlert()
    {
        var app = new HeritageApp(_data.Path);
        using (var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            for (var i = 1; i <= Readings; i++)
            {
                var ppv = i == Readings ? 0.9 : 0.02; // The last one raises the horse pit's red alert.
                var ts = HeritageApp.Start.AddSeconds(-Readings + i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                var ack = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), $$$"""{"ts":"{{{ts}}}","seq":{{{i}}},"readings":{"ppv_mm_s":{{{ppv.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}""");
                Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
            }
        }

        // Stop at once: only the journal is guaranteed to hold the readings; the consumers may not have run yet.
        await app.DisposeAsync();

        await using var restarted = new HeritageApp(_data.Path);
        using var api = await restarted.ClientAsAsync("bureau");
        var history = await Eventually.History(api, "hp-vib-01", "?metric=ppv_mm_s", Readings);
        Assert.Equal(0.9, history.Points[^1].Value);
        var alerts = await Eventually.Get(
            async () =>
            {
                var a = await api.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken);
                return a!.Count > 0 ? a : null;
            },
            "the alert after the restart");
        var alert = Assert.Single(alerts);
        Assert.Equal(("horse-pit-ppv-red", "hp-vib-01"), (alert.RuleId, alert.DeviceId));
    }

    [Fact]
    public async Task Restart_ReplayedSeq_IsDroppedAsDuplicate()
    {
        var app = new HeritageApp(_data.Path);
        using (var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:00Z","seq":7,"readings":{"ppv_mm_s":0.02}}""");
        }

        await app.DisposeAsync();
        await using var restarted = new HeritageApp(_data.Path);
        using (var device = await restarted.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:00Z","seq":7,"readings":{"ppv_mm_s":0.02}}""");
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"ts":"2026-11-26T14:00:01Z","seq":8,"readings":{"ppv_mm_s":0.03}}""");
        }

        using var api = await restarted.ClientAsAsync("bureau");
        var stats = await api.GetFromJsonAsync<Ingestion.IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal((1L, 1L), (stats!.Accepted, stats.Duplicates));
    }

    public void Dispose() => _data.Dispose();
}
