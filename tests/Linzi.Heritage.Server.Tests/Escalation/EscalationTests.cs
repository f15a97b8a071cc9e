using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Linzi.Heritage.Server.Tests.Escalation;

/// <summary>The heritage-chief chain of the horse pit's cell qd-r1c5: inspector-03, chief-heyatou, chief-qidu, chief-linzi.</summary>
public sealed class EscalationTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task RedAlert_NobodyActs_EscalatesUpTheWholeChain_ThenRemindsTheDistrictChief()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        await using var hub = await app.HubAsync("chief-linzi");
        var notices = new System.Collections.Concurrent.ConcurrentQueue<AlertNoticeDto>();
        hub.On<AlertNoticeDto>(nameof(IMonitorClient.AlertNotice), n => notices.Enqueue(n));
        await hub.StartAsync(TestContext.Current.CancellationToken);
        var alert = await RaiseRedAsync(app, bureau);
        Assert.Equal(("inspector-03", 0), (alert.AssignedTo, alert.Level));

        string[] chain = ["chief-heyatou", "chief-qidu", "chief-linzi"];
        for (var level = 1; level <= 3; level++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(5));
            var expected = (chain[level - 1], level);
            alert = await Eventually.Get(
                async () => await Current(bureau, alert.Id) is { } a && (a.AssignedTo, a.Level) == expected ? a : null,
                $"escalated to {expected}");
            Assert.Equal("escalated", alert.State);
        }

        app.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.True(async () => (await Events(bureau, alert.Id)).Count(e => e.Type == "reminded") == 1, "a reminder to the district chief");
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.True(async () => (await Events(bureau, alert.Id)).Count(e => e.Type == "reminded") == 2, "reminders repeat");

        var events = await Events(bureau, alert.Id);
        Assert.Equal(["raised", "escalated", "escalated", "escalated", "reminded", "reminded"], events.Select(e => e.Type));
        Assert.Equal(["chief-heyatou", "chief-qidu", "chief-linzi", "chief-linzi", "chief-linzi"], events.Skip(1).Select(e => e.To));
        Assert.Equal(HeritageApp.Start.AddMinutes(5), events[1].At);
        await Eventually.True(() => Task.FromResult(notices.Count(n => n.To == "chief-linzi") >= 3), "the district chief's notices on the hub");
        Assert.Equal(["escalated", "reminded", "reminded"], notices.Where(n => n.To == "chief-linzi").Select(n => n.Kind).Take(3));
    }

    [Fact]
    public async Task Acknowledging_StopsTheAcknowledgeClock_AndStartsTheResolveClock()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var escalation = await app.TakeOverEscalationAsync();
        var alert = await RaiseRedAsync(app, bureau);

        app.Time.Advance(TimeSpan.FromMinutes(4));
        using var ack = await inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "在路上" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);

        // +34 min: red's five minutes to acknowledge ran out long ago, but it was acknowledged at +4 min.
        app.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await escalation.CheckAsync());
        var waiting = (await Current(bureau, alert.Id))!;
        Assert.Equal(("acknowledged", 0, "inspector-03"), (waiting.State, waiting.Level, waiting.AssignedTo));

        // Red must be resolved within an hour of the acknowledgement: not a minute before (+63 min), then at once.
        app.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await escalation.CheckAsync());
        Assert.Equal(["raised", "acknowledged"], (await Events(bureau, alert.Id)).Select(e => e.Type));
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await escalation.CheckAsync());
        alert = (await Current(bureau, alert.Id))!;
        Assert.Equal(("escalated", 1, "chief-heyatou"), (alert.State, alert.Level, alert.AssignedTo));
    }

    [Fact]
    public async Task Restart_InTheMiddleOfAnEscalation_KeepsTheDeadlines()
    {
        string id;
        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            var escalation = await app.TakeOverEscalationAsync();
            id = (await RaiseRedAsync(app, bureau)).Id;
            app.Time.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(1, await escalation.CheckAsync());
            Assert.Equal(1, (await Current(bureau, id))!.Level);
        }

        // The new process starts at the same fake instant as the first did: the deadline (escalated at +5 min,
        // next at +10 min) must come from the stored history, not from when this process started.
        await using var restarted = new HeritageApp(_data.Path);
        using var api = await restarted.ClientAsAsync("bureau");
        var sweep = await restarted.TakeOverEscalationAsync();
        restarted.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await sweep.CheckAsync());
        Assert.Equal(1, (await Current(api, id))!.Level);
        restarted.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await sweep.CheckAsync());
        var alert = (await Current(api, id))!;
        Assert.Equal(("escalated", 2, "chief-qidu"), (alert.State, alert.Level, alert.AssignedTo));
        Assert.Equal(["raised", "escalated", "escalated"], (await Events(api, id)).Select(e => e.Type));
    }

    [Fact]
    public async Task OtherCellsInspector_CannotAct_UntilTheAlertIsHandedToThem()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var neighbour = await app.ClientAsAsync("inspector-05");
        var alert = await RaiseRedAsync(app, bureau);

        using var before = await neighbour.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "x" }, TestContext.Current.CancellationToken);
        var invisible = await neighbour.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken);
        using var handed = await bureau.PostAsJsonAsync($"/api/alerts/{alert.Id}/escalate", new { to = "inspector-05", note = "inspector-03 病假" }, TestContext.Current.CancellationToken);
        var visible = await neighbour.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken);
        using var after = await neighbour.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "我去" }, TestContext.Current.CancellationToken);
        using var toNobody = await bureau.PostAsJsonAsync($"/api/alerts/{alert.Id}/escalate", new { to = "maintenance" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.DoesNotContain(invisible!, a => a.Id == alert.Id);
        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        Assert.Contains(visible!, a => a.Id == alert.Id && a.AssignedTo == "inspector-05");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, toNobody.StatusCode);
    }

    internal static async Task<AlertDto> RaiseRedAsync(HeritageApp app, HttpClient bureau)
    {
        using (var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.6}}""");
        }

        return await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(a => a.RuleId == "horse-pit-ppv-red"),
            "the red alert at the horse pit");
    }

    internal static async Task<AlertDto?> Current(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}", TestContext.Current.CancellationToken)).GetProperty("alert").Deserialize<AlertDto>(JsonSerializerOptions.Web);

    internal static async Task<List<EventView>> Events(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}", TestContext.Current.CancellationToken)).GetProperty("events").Deserialize<List<EventView>>(JsonSerializerOptions.Web)!;

    internal sealed record EventView(string Type, string Actor, DateTimeOffset At, string? Note, string? To);

    public void Dispose() => _data.Dispose();
}
