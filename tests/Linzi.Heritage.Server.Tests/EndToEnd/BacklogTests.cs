using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary>The journal backlog bound: the bureau is warned first, and only at the bound are readings refused.</summary>
public sealed class BacklogTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task StoreDown_BacklogGrows_WarnsThenRefuses_AndDropsNothing()
    {
        // An InfluxDB nobody listens on: the time-series writer cannot make progress, so the backlog only grows.
        var settings = new Dictionary<string, string>
        {
            ["TimeSeries:Provider"] = "InfluxDb",
            ["InfluxDb:Url"] = "http://127.0.0.1:9",
            ["Journal:MaxBacklogReadings"] = "20",
            ["Journal:WarnAt"] = "0.5",
        };
        await using var app = new HeritageApp(_data.Path, settings: settings);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        using var bureau = await app.ClientAsAsync("bureau");

        await PublishAsync(device, 0, 12);
        var warned = await CheckAsync(app, bureau, s => s.Backlog.Readings >= 12);
        var warning = await Eventually.Get(() => SystemAlertAsync(bureau, "system-backlog-warning"), "the warning alert");
        var stillTaken = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"rh_pct":50}}""");

        Assert.True(warned.Backlog.Warning);
        Assert.False(warned.Backlog.Refusing);
        Assert.Equal(("orange", "system", null), (warning.Severity, warning.SiteId, warning.CellId));
        Assert.Equal(MqttClientPublishReasonCode.Success, stillTaken.ReasonCode);

        await PublishAsync(device, 100, 10);
        var refusing = await CheckAsync(app, bureau, s => s.Backlog.Refusing);
        MqttClientPublishReasonCode? refused = null;
        var dropped = await Record.ExceptionAsync(async () =>
            refused = (await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"rh_pct":51}}""")).ReasonCode);

        // No success acknowledgement: an error code, or the connection closed so a 3.1.1 device does not take it for one.
        Assert.True(dropped is not null || refused != MqttClientPublishReasonCode.Success, $"refused publish got {refused}");
        Assert.Equal("red", (await Eventually.Get(() => SystemAlertAsync(bureau, "system-backlog-refusing"), "the refusing alert")).Severity);
        var stats = await bureau.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(23, stats!.Accepted); // Everything acknowledged is in the journal; only the refused publish is not.
        Assert.Equal(23, stats.JournalPosition);
        Assert.Equal(1, stats.Refused);
        using var inspector = await app.ClientAsAsync("inspector-03");
        Assert.DoesNotContain((await inspector.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!, a => a.SiteId == "system");
    }

    private static async Task PublishAsync(IMqttClient device, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            var ack = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), $$$"""{"ts":"2026-11-26T14:00:00.{{{n:000}}}Z","readings":{"rh_pct":{{{n}}}}}""");
            Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        }
    }

    /// <summary>Lets the backlog monitor run (it ticks on the server's fake clock) until the stats satisfy the condition.</summary>
    private static Task<IngestionStatsDto> CheckAsync(HeritageApp app, HttpClient api, Func<IngestionStatsDto, bool> condition) =>
        Eventually.Get(
            async () =>
            {
                app.Time.Advance(TimeSpan.FromSeconds(5));
                var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
                return condition(stats!) ? stats : null;
            },
            "the backlog monitor");

    private static async Task<AlertDto?> SystemAlertAsync(HttpClient api, string ruleId) =>
        (await api.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=system", TestContext.Current.CancellationToken))!.FirstOrDefault(a => a.RuleId == ruleId);

    public void Dispose() => _data.Dispose();
}
