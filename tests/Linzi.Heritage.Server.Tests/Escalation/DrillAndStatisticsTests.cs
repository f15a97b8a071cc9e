using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;

namespace Linzi.Heritage.Server.Tests.Escalation;

public sealed class DrillAndStatisticsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Drill_IsMarked_KeptApartFromRealAlerts_AndFromRealStatistics()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var neighbour = await app.ClientAsAsync("inspector-05");
        // The bureau declares the drill (a device cannot): a window over the pit that ended five minutes ago.
        (await bureau.PostAsJsonAsync(
            "/api/drills",
            new { id = "pit-drill", siteId = "horse-pit", from = HeritageApp.Start.AddMinutes(-20), to = HeritageApp.Start.AddMinutes(-5), reason = "夜间盗掘演练" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        using (var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret))
        {
            var inDrill = HeritageApp.Start.AddMinutes(-10).ToString("O");
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), $$$"""{"seq":1,"ts":"{{{inDrill}}}","readings":{"ppv_mm_s":0.6}}""");
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":2,"readings":{"ppv_mm_s":0.7}}""");
        }

        var alerts = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken)) is { Count: 2 } a ? a : null,
            "a drill alert and a real one, not one absorbing the other");
        var drill = Assert.Single(alerts, a => a.Drill);
        var real = Assert.Single(alerts, a => !a.Drill);
        Assert.Equal((0.6, 0.7), (drill.Value, real.Value));
        Assert.Equal("inspector-03", drill.AssignedTo); // the same chain

        // Handed to a neighbouring inspector, a drill of another cell is visible but never theirs to act on.
        (await bureau.PostAsJsonAsync($"/api/alerts/{drill.Id}/escalate", new { to = "inspector-05" }, TestContext.Current.CancellationToken)).Dispose();
        using var neighbourAck = await neighbour.PostAsJsonAsync($"/api/alerts/{drill.Id}/acknowledge", new { note = "x" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, neighbourAck.StatusCode);
        Assert.Contains((await neighbour.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!, a => a.Id == drill.Id);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        (await inspector.PostAsJsonAsync($"/api/alerts/{drill.Id}/acknowledge", new { note = "演练到场" }, TestContext.Current.CancellationToken)).Dispose();
        app.Time.Advance(TimeSpan.FromMinutes(1));
        (await inspector.PostAsJsonAsync($"/api/alerts/{real.Id}/acknowledge", new { note = "到场" }, TestContext.Current.CancellationToken)).Dispose();

        var range = $"from={Uri.EscapeDataString(HeritageApp.Start.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(HeritageApp.Start.AddHours(1).ToString("O"))}";
        var realStats = await bureau.GetFromJsonAsync<JsonElement>($"/api/stats/response?{range}", TestContext.Current.CancellationToken);
        var drillStats = await bureau.GetFromJsonAsync<JsonElement>($"/api/stats/response?{range}&drill=true", TestContext.Current.CancellationToken);
        using var byInspector = await inspector.GetAsync($"/api/stats/response?{range}", TestContext.Current.CancellationToken);

        Assert.Equal((1, 120.0), (realStats.GetProperty("total").GetProperty("alerts").GetInt32(), realStats.GetProperty("total").GetProperty("acknowledgeMedianSeconds").GetDouble()));
        Assert.Equal((1, 60.0), (drillStats.GetProperty("total").GetProperty("alerts").GetInt32(), drillStats.GetProperty("total").GetProperty("acknowledgeMedianSeconds").GetDouble()));
        var cell = realStats.GetProperty("cells").EnumerateArray().Single();
        Assert.Equal("qd-r1c5", cell.GetProperty("key").GetString());
        Assert.Equal(["chief-heyatou", "chief-linzi", "chief-qidu"], realStats.GetProperty("chiefs").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, byInspector.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
