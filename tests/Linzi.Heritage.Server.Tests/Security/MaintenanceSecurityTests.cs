using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 2: the maintenance role could silence every alarm, with a site-wide window lasting years and a
/// once-a-day sampling interval pushed to any device.
/// </summary>
public sealed class MaintenanceSecurityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Maintenance_CannotOpenSiteWideOrLongWindows_TheBureauCan()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");

        using var siteWide = await PostWindowAsync(maintenance, new { id = "pit-all", siteId = "horse-pit", from = HeritageApp.Start, to = HeritageApp.Start.AddHours(2), reason = "检修" });
        using var threeYears = await PostWindowAsync(maintenance, new { id = "vib-long", deviceId = "hp-vib-01", from = HeritageApp.Start, to = HeritageApp.Start.AddYears(3), reason = "检修" });
        using var hours = await PostWindowAsync(maintenance, new { id = "vib-battery", deviceId = "hp-vib-01", from = HeritageApp.Start, to = HeritageApp.Start.AddHours(4), reason = "更换电池" });
        using var byBureau = await PostWindowAsync(bureau, new { id = "pit-fence", siteId = "horse-pit", from = HeritageApp.Start, to = HeritageApp.Start.AddDays(3), reason = "围栏施工" });

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.OK],
            [siteWide.StatusCode, threeYears.StatusCode, hours.StatusCode, byBureau.StatusCode]);
    }

    [Fact]
    public async Task RedAlarm_InsideAMaintenanceWindow_IsRaisedMarked_AndTheBureauIsTold()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");
        using var window = await PostWindowAsync(maintenance, new { id = "vib-battery", deviceId = "hp-vib-01", from = HeritageApp.Start.AddHours(-1), to = HeritageApp.Start.AddHours(1), reason = "更换电池" });
        Assert.Equal(HttpStatusCode.OK, window.StatusCode);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":1,"readings":{"ppv_mm_s":0.9}}""");

        var alarm = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=horse-pit", TestContext.Current.CancellationToken))!.FirstOrDefault(),
            "the red alarm, not silenced");
        Assert.Equal(("horse-pit-ppv-red", "red", "inspector-03"), (alarm.RuleId, alarm.Severity, alarm.AssignedTo));
        Assert.Contains("检修期间 during maintenance vib-battery", alarm.Message, StringComparison.Ordinal);
        var told = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?siteId=system", TestContext.Current.CancellationToken))!
                .FirstOrDefault(a => a.RuleId == "system-alarm-during-maintenance"),
            "the bureau's system alert");
        Assert.Contains("vib-battery", told.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigPush_BlindingASensor_NeedsTheBureau_AndIsAudited()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        using var daily = await maintenance.PostAsJsonAsync("/api/devices/hp-vib-01/config", new DeviceConfig(86_400), TestContext.Current.CancellationToken);
        using var hourly = await maintenance.PostAsJsonAsync("/api/devices/hp-vib-01/config", new DeviceConfig(3_600), TestContext.Current.CancellationToken);
        using var dailyByBureau = await bureau.PostAsJsonAsync("/api/devices/hp-vib-01/config", new DeviceConfig(86_400), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Accepted, HttpStatusCode.Accepted], [daily.StatusCode, hourly.StatusCode, dailyByBureau.StatusCode]);
        using var audit = JsonDocument.Parse(await bureau.GetStringAsync("/api/audit?entity=device&id=hp-vib-01", TestContext.Current.CancellationToken));
        Assert.Equal(
            [("configured", "bureau"), ("configured", "maintenance")],
            audit.RootElement.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "configured")
                .Select(e => (e.GetProperty("action").GetString()!, e.GetProperty("actor").GetString()!)));
    }

    private static Task<HttpResponseMessage> PostWindowAsync(HttpClient client, object window) =>
        client.PostAsJsonAsync("/api/maintenance", window, TestContext.Current.CancellationToken);

    public void Dispose() => _data.Dispose();
}
