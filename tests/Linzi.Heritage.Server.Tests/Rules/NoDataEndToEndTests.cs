using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Rules;

public sealed class NoDataEndToEndTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task SilentSecuritySensor_InProtectionZoneAtNight_RaisesTamperRed_AndClearsWhenHeardAgain()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using (var other = await app.ConnectDeviceAsync("hp-vib-02", HeritageApp.DemoDeviceSecret))
        {
            await other.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-02"), """{"readings":{"ppv_mm_s":0.01}}""");
        }

        await Eventually.True(async () => (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken))!
            .Any(d => d.Id == "hp-vib-02" && d.LastSeen is not null), "hp-vib-02 seen");
        app.Time.Advance(TimeSpan.FromMinutes(10));
        using (var other = await app.ConnectDeviceAsync("hp-vib-02", HeritageApp.DemoDeviceSecret))
        {
            await other.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-02"), """{"readings":{"ppv_mm_s":0.01}}""");
        }

        await Eventually.True(async () => (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken))!
            .Any(d => d.Id == "hp-vib-02" && d.LastSeen > HeritageApp.Start.AddMinutes(5)), "hp-vib-02 seen again");

        // 16 minutes after start (22:21 in Linzi): hp-vib-01 has said nothing since start, hp-vib-02 spoke 6 minutes ago.
        app.Time.Advance(TimeSpan.FromMinutes(6));
        var silent = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=horse-pit", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.RuleId == "security-silence" && a.DeviceId == "hp-vib-01"),
            "the silence alert of hp-vib-01");
        Assert.Equal(("red", "silence_s"), (silent.Severity, silent.Metric));
        Assert.Contains("possible tampering", silent.Message, StringComparison.Ordinal);
        var alerts = (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=horse-pit", TestContext.Current.CancellationToken))!;
        Assert.DoesNotContain(alerts, a => a.DeviceId == "hp-vib-02");
        Assert.DoesNotContain(alerts, a => a.RuleId == "environment-silence"); // an hour for climate sensors

        using (var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.01}}""");
        }

        await Eventually.True(async () => (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken))!
            .Any(d => d.Id == "hp-vib-01" && d.LastSeen is not null), "hp-vib-01 heard from");
        app.Time.Advance(TimeSpan.FromSeconds(31));
        var cleared = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>($"/api/alerts?state=resolved", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.Id == silent.Id),
            "the silence alert cleared");
        Assert.Equal("cleared", cleared.Disposition);
    }

    public void Dispose() => _data.Dispose();
}
