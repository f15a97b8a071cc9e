using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Rules;

public sealed class FloodControlTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Repeats_AreGroupedIntoTheOpenAlert_WithCountAndLatestValue()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        await Publish(device, 1, 0.3, 0.4, 0.22, 0.5); // 0.22 lies in the hysteresis band: no clear, no repeat

        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.Occurrences == 3),
            "one alert counting three matches");
        Assert.Equal(("horse-pit-ppv-red", 0.3, 0.5, "open"), (alert.RuleId, alert.Value, alert.LastValue, alert.State));
        Assert.Single((await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task FlappingDevice_IsLimitedPerHour_AndTheRefusalsCounted()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Rules:MaxNewAlertsPerDevicePerHour"] = "2" });
        using var bureau = await app.ClientAsAsync("bureau");
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        // Raise, clear, raise, clear, raise: the third new alert within the hour is refused.
        await Publish(device, 1, 0.3, 0.1, 0.3, 0.1, 0.3);

        await Eventually.True(
            async () => (await bureau.GetFromJsonAsync<JsonElement>("/api/ingestion/stats", TestContext.Current.CancellationToken))
                .GetProperty("alertsLimited").GetInt64() == 1,
            "one refused alert");
        var alerts = (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!;
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(("resolved", "cleared"), (a.State, a.Disposition)));
    }

    private static async Task Publish(MQTTnet.IMqttClient device, int firstSeq, params double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var ts = HeritageApp.Start.AddSeconds(-60 + i).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await device.PublishAsync(
                Topics.Telemetry("horse-pit", "hp-vib-01"),
                string.Create(CultureInfo.InvariantCulture, $$$"""{"ts":"{{{ts}}}","seq":{{{firstSeq + i}}},"readings":{"ppv_mm_s":{{{values[i]}}}}}"""));
        }
    }

    public void Dispose() => _data.Dispose();
}
