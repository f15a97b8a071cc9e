using System.Globalization;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Rules;

public sealed class GeofenceEndToEndTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task TrackerPath_EnteringProtectionZoneAtNight_RaisesExactlyOneRedAlert_AndLeavingClearsIt()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        await using var hub = await app.HubAsync("bureau");
        var recorder = new HubRecorder(hub);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        using var tracker = await app.ConnectDeviceAsync("gnss-exc-01", HeritageApp.DemoDeviceSecret);

        // The excavator drives north across the Qi capital's south wall at 22:00 Linzi time, one fix every 10 s:
        // 3 fixes outside, 7 inside (one of them a poor fix that jumps outside), then 6 outside again.
        var fixes = new List<(double Lat, double Hdop)>();
        fixes.AddRange(Enumerable.Repeat((36.8360, 1.2), 3));
        fixes.AddRange([(36.8440, 1.2), (36.8445, 1.1), (36.8450, 1.0), (36.8360, 9.5), (36.8455, 1.0), (36.8455, 1.0), (36.8455, 1.0)]);
        fixes.AddRange(Enumerable.Repeat((36.8360, 1.0), 6));
        var start = new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < fixes.Count; i++)
        {
            var (lat, hdop) = fixes[i];
            var ts = start.AddSeconds(i * 10).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var ack = await tracker.PublishAsync(
                Topics.Telemetry("qi-capital", "gnss-exc-01"),
                string.Create(CultureInfo.InvariantCulture, $$$"""{"ts":"{{{ts}}}","seq":{{{i + 1}}},"lat":{{{lat}}},"lon":118.3650,"readings":{"speed_m_s":1.5,"hdop":{{{hdop}}}}}"""));
            Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        }

        var cleared = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=qi-capital", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.RuleId == "machinery-in-protection" && a.State == "resolved"),
            "the machinery alert, cleared once the excavator left");

        var alerts = (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=qi-capital", TestContext.Current.CancellationToken))!;
        var machinery = Assert.Single(alerts, a => a.DeviceId == "gnss-exc-01");
        Assert.Equal(cleared.Id, machinery.Id);
        Assert.Equal(("red", "cleared"), (machinery.Severity, machinery.Disposition));
        Assert.Contains("qi-capital-protection", machinery.ZoneIds);
        Assert.True(machinery.Occurrences > 1, "fixes inside after the first count into the same alert");
        await Eventually.True(() => Task.FromResult(recorder.Updated.Any(a => a.Id == machinery.Id && a.State == "resolved")), "the clear on the hub");
        Assert.Single(recorder.Raised, a => a.DeviceId == "gnss-exc-01");
    }

    public void Dispose() => _data.Dispose();
}
