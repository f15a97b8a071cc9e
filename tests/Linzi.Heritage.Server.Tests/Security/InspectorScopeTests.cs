using System.Net;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// In the demo grid the horse-burial pit lies in cell qd-r1c5 (inspector-03, village chief chief-heyatou) and the
/// drainage outlet in qd-r2c2 (inspector-05).
/// </summary>
public sealed class InspectorScopeTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Inspector_GetsOnlyOwnCellsAlerts_OverSignalRAndApi()
    {
        await using var app = new HeritageApp(_data.Path);
        await using var horsePitInspector = await app.HubAsync("inspector-03");
        await using var drainageInspector = await app.HubAsync("inspector-05");
        var a = new HubRecorder(horsePitInspector);
        var b = new HubRecorder(drainageInspector);
        await horsePitInspector.StartAsync(TestContext.Current.CancellationToken);
        await drainageInspector.StartAsync(TestContext.Current.CancellationToken);
        using var pit = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        using var pit2 = await app.ConnectDeviceAsync("hp-vib-02", HeritageApp.DemoDeviceSecret);
        using var outlet = await app.ConnectDeviceAsync("do-wl-01", HeritageApp.DemoDeviceSecret);

        await pit.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.9}}""");
        var first = await a.NextRaisedAsync();
        await outlet.PublishAsync(Topics.Telemetry("drainage-outlet", "do-wl-01"), """{"readings":{"water_level_cm":130}}""");
        var second = await b.NextRaisedAsync();
        await pit2.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-02"), """{"readings":{"ppv_mm_s":0.8}}""");
        var third = await a.NextRaisedAsync();

        // Messages to one connection arrive in the order they were sent, so had the other cell's alert been sent to
        // either inspector it would have come before the one each received next.
        Assert.Equal(("hp-vib-01", "qd-r1c5"), (first.DeviceId, first.CellId));
        Assert.Equal(("do-wl-01", "qd-r2c2", "drainage-water-orange"), (second.DeviceId, second.CellId, second.RuleId));
        Assert.Equal("hp-vib-02", third.DeviceId);

        Assert.Equal(["hp-vib-01", "hp-vib-02"], (await AlertsAsync(app, "inspector-03")).Select(x => x.DeviceId).Order());
        Assert.Equal(["do-wl-01"], (await AlertsAsync(app, "inspector-05")).Select(x => x.DeviceId));
        Assert.Equal(3, (await AlertsAsync(app, "chief-linzi")).Count);
        Assert.Equal(3, (await AlertsAsync(app, "bureau")).Count);
        Assert.Equal(["do-wl-01"], (await AlertsAsync(app, "bureau", "?cellId=qd-r2c2")).Select(x => x.DeviceId));
        Assert.Equal(2, (await AlertsAsync(app, "bureau", "?siteId=horse-pit&state=open")).Count);
    }

    [Fact]
    public async Task AlertActions_FollowTheChiefChain()
    {
        await using var app = new HeritageApp(_data.Path);
        using var pit = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await pit.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.9}}""");
        var alert = await Eventually.Get(async () => (await AlertsAsync(app, "bureau")).FirstOrDefault(), "the alert");

        Assert.Equal(HttpStatusCode.Forbidden, await ActAsync(app, "inspector-05", alert.Id, "acknowledge", new { note = "not mine" }));
        Assert.Equal(HttpStatusCode.Forbidden, await ActAsync(app, "maintenance", alert.Id, "acknowledge", new { note = "x" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(app, "inspector-05", $"/api/alerts/{alert.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ActAsync(app, "inspector-03", alert.Id, "acknowledge", new { note = "到场核查" }));
        Assert.Equal(HttpStatusCode.Conflict, await ActAsync(app, "inspector-03", alert.Id, "acknowledge", new { note = "again" }));
        Assert.Equal(HttpStatusCode.BadRequest, await ActAsync(app, "chief-heyatou", alert.Id, "resolve", new { disposition = "ignored" }));
        Assert.Equal(HttpStatusCode.OK, await ActAsync(app, "chief-heyatou", alert.Id, "resolve", new { disposition = "false_alarm", note = "施工车辆" }));
        Assert.Equal(HttpStatusCode.NotFound, await ActAsync(app, "bureau", "no-such-alert", "acknowledge", new { }));

        using var detail = await GetAsync(app, "inspector-03", $"/api/alerts/{alert.Id}");
        var body = await detail.Content.ReadFromJsonAsync<AlertDetailBody>(TestContext.Current.CancellationToken);
        Assert.Equal(("resolved", "false_alarm"), (body!.Alert.State, body.Alert.Disposition));
        Assert.Equal(["raised", "acknowledged", "resolved"], body.Events.Select(e => e.Type));
        Assert.Equal(["system", "inspector-03", "chief-heyatou"], body.Events.Select(e => e.Actor));
        Assert.Equal("到场核查", body.Events[1].Note);
        Assert.True(body.Alert.Sequence > alert.Sequence);
    }

    private static async Task<List<AlertDto>> AlertsAsync(HeritageApp app, string user, string query = "")
    {
        using var client = await app.ClientAsAsync(user);
        return (await client.GetFromJsonAsync<List<AlertDto>>("/api/alerts" + query, TestContext.Current.CancellationToken))!;
    }

    private static async Task<HttpResponseMessage> GetAsync(HeritageApp app, string user, string path)
    {
        using var client = await app.ClientAsAsync(user);
        return await client.GetAsync(path, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpStatusCode> ActAsync(HeritageApp app, string user, string alertId, string action, object body)
    {
        using var client = await app.ClientAsAsync(user);
        using var response = await client.PostAsJsonAsync($"/api/alerts/{alertId}/{action}", body, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private sealed record AlertDetailBody(AlertDto Alert, List<EventBody> Events);

    private sealed record EventBody(string Type, string Actor, string? Note);

    public void Dispose() => _data.Dispose();
}
