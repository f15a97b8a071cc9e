using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15: a captured reading sent again (its old <c>seq</c> and old <c>ts</c>) is not stored twice and raises
/// nothing again, before and after a restart. It is acknowledged as a duplicate, as a QoS 1 redelivery must be.
/// </summary>
public sealed class ReplaySecurityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ReplayedReading_IsNotStoredTwice_NorAlertedAgain_EvenAfterARestart()
    {
        var port = HeritageApp.FreePort();
        const string Captured = """{"seq":2,"ts":"2026-11-26T14:00:00Z","readings":{"ppv_mm_s":0.9}}""";
        await using (var app = new HeritageApp(_data.Path, mqttPort: port))
        {
            using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":1,"ts":"2026-11-26T13:59:00Z","readings":{"ppv_mm_s":0.1}}""");
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), Captured);
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":3,"ts":"2026-11-26T14:01:00Z","readings":{"ppv_mm_s":0.1}}""");

            var replayed = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), Captured);

            Assert.Equal(MqttClientPublishReasonCode.Success, replayed.ReasonCode);
            using var api = await app.ClientAsAsync("bureau");
            var stats = await Eventually.Get(
                async () => await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken) is { Duplicates: 1 } s ? s : null,
                "the replay counted as a duplicate");
            Assert.Equal(3, stats.Accepted);
            await Eventually.History(api, "hp-vib-01", "?metric=ppv_mm_s&from=2026-11-26T13:00:00Z&to=2026-11-26T15:00:00Z", 3);
        }

        await using var restarted = new HeritageApp(_data.Path, mqttPort: port);
        using (var device = await restarted.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), Captured);
        }

        using var bureau = await restarted.ClientAsAsync("bureau");
        var after = await Eventually.Get(
            async () => await bureau.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken) is { Duplicates: 1 } s ? s : null,
            "the replay after the restart counted as a duplicate");
        Assert.Equal(0, after.Accepted);
        var history = await Eventually.History(bureau, "hp-vib-01", "?metric=ppv_mm_s&from=2026-11-26T13:00:00Z&to=2026-11-26T15:00:00Z", 3);
        Assert.Equal(3, history.Points.Count);
        var alerts = await bureau.GetFromJsonAsync<List<Contracts.Hub.AlertDto>>("/api/alerts?siteId=horse-pit", TestContext.Current.CancellationToken);
        Assert.Single(alerts!, a => a.RuleId == "horse-pit-ppv-red");
    }

    public void Dispose() => _data.Dispose();
}
