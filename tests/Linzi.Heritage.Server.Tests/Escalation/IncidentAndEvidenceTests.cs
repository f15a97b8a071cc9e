using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;

namespace Linzi.Heritage.Server.Tests.Escalation;

public sealed class IncidentAndEvidenceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ConfirmedCase_StartsTheReportingClock_AndMissedDeadlinesEscalate()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var escalation = await app.TakeOverEscalationAsync();
        var alert = await RaiseRedAsync(app, bureau);
        (await inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "到场" }, TestContext.Current.CancellationToken)).Dispose();

        using var resolved = await inspector.PostAsJsonAsync(
            $"/api/alerts/{alert.Id}/resolve", new { disposition = "handled", note = "盗洞一处，已报警", confirmedCase = true }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var incident = (await resolved.Content.ReadFromJsonAsync<AlertDto>(TestContext.Current.CancellationToken))!.Incident!;
        Assert.Equal((HeritageApp.Start.AddHours(2), HeritageApp.Start.AddDays(3)), (incident.InitialReportDue, incident.FormalReportDue));

        app.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await escalation.CheckAsync()); // the missed first report
        alert = (await Current(bureau, alert.Id))!;
        Assert.Equal((true, false), (alert.Incident!.InitialOverdue, alert.Incident.FormalOverdue));
        var overdue = Assert.Single(await Events(bureau, alert.Id), e => e.Type == "overdue");
        Assert.Equal("chief-linzi", overdue.To);

        // The formal report is filed in time, so its deadline passing escalates nothing (and the first report's
        // deadline, escalated once already, is not escalated again).
        using var reported = await inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/reports", new { kind = "formal", reference = "临文旅报〔2026〕3号" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        app.Time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await escalation.CheckAsync());
        using var later = await app.ClientAsAsync("bureau"); // three days on, the first token has expired
        alert = (await Current(later, alert.Id))!;
        Assert.Equal(("临文旅报〔2026〕3号", false), (alert.Incident!.FormalReference, alert.Incident.FormalOverdue));
        Assert.Single(await Events(later, alert.Id), e => e.Type == "overdue");
    }

    [Fact]
    public async Task ConfirmedCase_OnlyForRedHandledAtNationalOrProvincialSites()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var alert = await RaiseRedAsync(app, bureau);

        using var falseAlarm = await bureau.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { disposition = "false_alarm", confirmedCase = true }, TestContext.Current.CancellationToken);
        using var notACase = await bureau.PostAsJsonAsync($"/api/alerts/{alert.Id}/reports", new { kind = "initial", reference = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, falseAlarm.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notACase.StatusCode);
    }

    [Fact]
    public async Task HashChain_DetectsAnEventAlteredOrRemovedInSqlite()
    {
        string id;
        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            id = (await RaiseRedAsync(app, bureau)).Id;
            (await bureau.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "收到" }, TestContext.Current.CancellationToken)).Dispose();
            (await bureau.PostAsJsonAsync($"/api/alerts/{id}/resolve", new { disposition = "handled", note = "处置完毕" }, TestContext.Current.CancellationToken)).Dispose();
            var intact = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/verify", TestContext.Current.CancellationToken);
            Assert.True(intact.GetProperty("intact").GetBoolean());
            Assert.Equal(3, intact.GetProperty("eventsChecked").GetInt32());
        }

        Tamper("UPDATE alert_events SET note = '无异常' WHERE type = 'acknowledged'");
        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            var broken = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/verify", TestContext.Current.CancellationToken);
            Assert.False(broken.GetProperty("intact").GetBoolean());
            Assert.Contains("altered", broken.GetProperty("problem").GetString(), StringComparison.Ordinal);
        }

        Tamper("UPDATE alert_events SET note = '收到' WHERE type = 'acknowledged'"); // put it back: intact again
        Tamper("DELETE FROM alert_events WHERE type = 'resolved'");
        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            var truncated = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/verify", TestContext.Current.CancellationToken);
            Assert.False(truncated.GetProperty("intact").GetBoolean());
            Assert.Contains("missing", truncated.GetProperty("problem").GetString(), StringComparison.Ordinal);
        }
    }

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "heritage.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public void Dispose() => _data.Dispose();
}
