using System.Net;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 4: a device decided what is a drill. A payload with <c>"drill": true</c> turned a real alarm into
/// a drill alert, kept out of real statistics and out of the neighbours' hands. Only the server decides now.
/// </summary>
public sealed class DrillSecurityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task PayloadClaimingADrill_RaisesARealAlert()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        var ack = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":1,"drill":true,"readings":{"ppv_mm_s":0.9}}""");

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, ack.ReasonCode);
        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(),
            "the alert");
        Assert.False(alert.Drill);
    }

    [Fact]
    public async Task DrillWindowOfTheBureau_MakesADrill_OnlyInsideIt()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var declared = await bureau.PostAsJsonAsync(
            "/api/drills",
            new { id = "night-drill-1", siteId = "horse-pit", from = HeritageApp.Start.AddMinutes(-20), to = HeritageApp.Start.AddMinutes(-5), reason = "夜间盗掘演练" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);

        var inside = HeritageApp.Start.AddMinutes(-10).ToString("O");
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), $$$"""{"seq":1,"ts":"{{{inside}}}","readings":{"ppv_mm_s":0.6}}""");
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":2,"readings":{"ppv_mm_s":0.7}}""");

        var alerts = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken)) is { Count: 2 } a ? a : null,
            "a drill alert and a real one");
        Assert.Equal(0.6, Assert.Single(alerts, a => a.Drill).Value);
        Assert.Equal(0.7, Assert.Single(alerts, a => !a.Drill).Value);
    }

    [Fact]
    public async Task MaintenanceRole_CannotDeclareADrill()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");

        using var window = await maintenance.PostAsJsonAsync(
            "/api/drills",
            new { id = "fake-drill", siteId = "horse-pit", from = HeritageApp.Start, to = HeritageApp.Start.AddHours(8), reason = "x" },
            TestContext.Current.CancellationToken);
        using var device = await maintenance.PostAsJsonAsync(
            "/api/devices",
            new { id = "hp-pir-99", siteId = "horse-pit", kind = "pir", lat = Telemetry.HorsePitLat, lon = Telemetry.HorsePitLon, drill = true },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, window.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, device.StatusCode);
        using var bureau = await app.ClientAsAsync("bureau");
        Assert.Empty((await bureau.GetFromJsonAsync<List<object>>("/api/drills", TestContext.Current.CancellationToken))!);
        using var devices = await bureau.GetAsync("/api/devices/hp-pir-99", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, devices.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
