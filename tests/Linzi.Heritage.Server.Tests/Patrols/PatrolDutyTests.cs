using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Patrols;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.Patrols;

/// <summary>
/// Patrol duty end to end on the demo grid: inspector-03 answers for 齐都·古城 cells qd-r1c2, qd-r1c3 and qd-r1c4
/// (0.01° squares side by side, east of each other). The village chief of the first two is chief-gucheng, of the
/// third chief-heyatou; above them all are chief-qidu (township) and chief-linzi (district).
/// The server's clock starts on Thursday 26 November 2026 at 22:05 in Linzi.
/// </summary>
public sealed class PatrolDutyTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Friday9 = new(2026, 11, 27, 9, 0, 0, China);
    private static readonly DateTimeOffset Friday18 = new(2026, 11, 27, 18, 0, 0, China);
    private readonly TempDirectory _data = new();

    private static object Position(DateTimeOffset ts, double lat, double lon) =>
        new { ts = ts.ToString("O", CultureInfo.InvariantCulture), lat, lon, accuracyM = 12.0 };

    // The middle of qd-r1c2 and qd-r1c3, about 890 m apart.
    private static object InR1C2(DateTimeOffset ts) => Position(ts, 36.8755, 118.3395);

    private static object InR1C3(DateTimeOffset ts) => Position(ts, 36.8755, 118.3495);

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // Set on Thursday evening (the server's start): Friday is the first day judged.
    private static async Task SetDailyDutiesAsync(HeritageApp app, params string[] cells)
    {
        using var bureau = await app.ClientAsAsync("bureau");
        foreach (var cell in cells)
        {
            await Json(await bureau.PutAsJsonAsync($"/api/patrol-duties/{cell}", new { every = "P1D", windowFrom = "08:00", windowTo = "18:00" }, TestContext.Current.CancellationToken));
        }
    }

    // Friday morning: ten minutes in qd-r1c2, over to qd-r1c3 for eight, with a spoofed position 50 km away between.
    private static async Task<string> PatrolTwoCellsAsync(HeritageApp app)
    {
        app.Time.SetUtcNow(Friday9);
        using var inspector = await app.ClientAsAsync("inspector-03");
        var started = await inspector.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await Json(started)).GetProperty("id").GetString()!;
        app.Time.SetUtcNow(Friday9.AddMinutes(30));
        object[] path =
        [
            .. Enumerable.Range(0, 6).Select(i => InR1C2(Friday9.AddMinutes(2 * i))),   // 09:00–09:10
            .. Enumerable.Range(6, 5).Select(i => InR1C3(Friday9.AddMinutes(2 * i))),   // 09:12–09:20
            Position(Friday9.AddMinutes(15).AddSeconds(10), 36.8755 + (50 / 111.2), 118.3495),
        ];
        var added = await Json(await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", path, TestContext.Current.CancellationToken));
        Assert.Equal(11, added.GetProperty("accepted").GetInt32());
        Assert.Equal(600, added.GetProperty("patrol").GetProperty("silentSeconds").GetInt64()); // 09:30 now, the last position at 09:20
        Assert.Equal("impossible_speed", Assert.Single(added.GetProperty("rejected").EnumerateArray()).GetProperty("reason").GetString());
        // The phone lost the answer and sends the batch again: nothing new is used, nothing is refused.
        var again = await Json(await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", path, TestContext.Current.CancellationToken));
        Assert.Equal((0, 0, 12, 1), (again.GetProperty("accepted").GetInt32(), again.GetProperty("rejected").GetArrayLength(),
            again.GetProperty("duplicates").GetInt32(), again.GetProperty("patrol").GetProperty("rejectedPositions").GetInt32()));
        return id;
    }

    [Fact]
    public async Task PatrolOverTwoCells_RecordsBothVisitsWithTheirDwell_AndTheUnvisitedCellRaisesPatrolMissedAtTheDeadline()
    {
        await using var app = new HeritageApp(_data.Path);
        await SetDailyDutiesAsync(app, "qd-r1c2", "qd-r1c3", "qd-r1c4");
        var monitor = await app.TakeOverPatrolDutiesAsync();
        var escalation = await app.TakeOverEscalationAsync(); // the test's own round is the only one, after six hours

        var id = await PatrolTwoCellsAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");
        var ended = await Json(await inspector.PostAsync($"/api/patrols/{id}/end", null, TestContext.Current.CancellationToken));

        using var bureau = await app.ClientAsAsync("bureau");
        var patrol = await Json(await bureau.GetAsync($"/api/patrols/{id}", TestContext.Current.CancellationToken));
        Assert.Equal(ended.GetProperty("endedAt").GetDateTimeOffset(), patrol.GetProperty("endedAt").GetDateTimeOffset());
        Assert.Equal("inspector-03", patrol.GetProperty("inspector").GetString());
        Assert.Equal(1, patrol.GetProperty("rejectedPositions").GetInt32());
        // Positions every two minutes until 09:20, then none until the end at 09:30: one silence of ten minutes.
        Assert.Equal((1, 600L), (patrol.GetProperty("silences").GetInt32(), patrol.GetProperty("longestSilenceSeconds").GetInt64()));
        Assert.Equal(
            [("qd-r1c2", Friday9, Friday9.AddMinutes(10), 600L), ("qd-r1c3", Friday9.AddMinutes(12), Friday9.AddMinutes(20), 480L)],
            patrol.GetProperty("visits").EnumerateArray().Select(v => (
                v.GetProperty("cellId").GetString(), v.GetProperty("arrivedAt").GetDateTimeOffset(), v.GetProperty("leftAt").GetDateTimeOffset(),
                v.GetProperty("dwellSeconds").GetInt64())));

        app.Time.SetUtcNow(Friday18.AddTicks(-1));
        Assert.Equal(0, await monitor.CheckAsync()); // not due yet

        app.Time.SetUtcNow(Friday18);
        Assert.Equal(1, await monitor.CheckAsync());
        Assert.Equal(0, await monitor.CheckAsync()); // one alert per missed period

        using var inspectorAt18 = await app.ClientAsAsync("inspector-03"); // a shift-long token has run out since Thursday
        var alerts = await inspectorAt18.GetFromJsonAsync<List<AlertDto>>("/api/alerts?state=open", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        var missed = Assert.Single(alerts!, a => a.RuleId == "patrol-missed");
        Assert.Equal(("qd-r1c4", "inspector-03", "yellow", Friday18), (missed.CellId, missed.AssignedTo, missed.Severity, missed.RaisedAt));
        Assert.Contains("qd-r1c4", missed.Message, StringComparison.Ordinal);

        // The map's colours after Friday's close: the visited cells stay on time until Saturday's window opens, the other is overdue.
        var coverage = await Json(await inspectorAt18.GetAsync("/api/patrol-coverage", TestContext.Current.CancellationToken));
        Assert.Equal(
            [("qd-r1c2", "on_time"), ("qd-r1c3", "on_time"), ("qd-r1c4", "overdue")],
            coverage.EnumerateArray().Select(c => (c.GetProperty("cellId").GetString(), c.GetProperty("state").GetString())).Order());
        using var otherInspector = await app.ClientAsAsync("inspector-01");
        Assert.Empty((await Json(await otherInspector.GetAsync("/api/patrol-coverage", TestContext.Current.CancellationToken))).EnumerateArray());

        // Nobody acts: it goes up the chain like any alert.
        app.Time.Advance(TimeSpan.FromHours(6));
        await escalation.CheckAsync();
        using var bureauLater = await app.ClientAsAsync("bureau");
        var escalated = await bureauLater.GetFromJsonAsync<JsonElement>($"/api/alerts/{missed.Id}", TestContext.Current.CancellationToken);
        Assert.Equal("chief-heyatou", escalated.GetProperty("alert").GetProperty("escalatedTo")[0].GetString());
    }

    [Fact]
    public async Task VisitAfterAMissedDeadline_ClearsTheAlert_AndTheReportCountsVisitsAndMisses()
    {
        await using var app = new HeritageApp(_data.Path);
        await SetDailyDutiesAsync(app, "qd-r1c2", "qd-r1c3", "qd-r1c4");
        var monitor = await app.TakeOverPatrolDutiesAsync();
        var id = await PatrolTwoCellsAsync(app);
        app.Time.SetUtcNow(Friday18);
        Assert.Equal(1, await monitor.CheckAsync());

        // Saturday 10:00: eight minutes in qd-r1c4.
        var saturday = Friday9.AddDays(1).AddHours(1);
        app.Time.SetUtcNow(saturday);
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var bureau = await app.ClientAsAsync("bureau");
        using var chief = await app.ClientAsAsync("chief-qidu");
        await inspector.PostAsync($"/api/patrols/{id}/end", null, TestContext.Current.CancellationToken);
        var next = (await Json(await inspector.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken))).GetProperty("id").GetString();
        app.Time.SetUtcNow(saturday.AddMinutes(10));
        object[] path = [.. Enumerable.Range(0, 5).Select(i => Position(saturday.AddMinutes(2 * i), 36.8755, 118.3595))];
        await Json(await inspector.PostAsJsonAsync($"/api/patrols/{next}/positions", path, TestContext.Current.CancellationToken));
        await monitor.CheckAsync();

        var alerts = await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?cellId=qd-r1c4", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        var cleared = Assert.Single(alerts!, a => a.RuleId == "patrol-missed");
        Assert.Equal(("resolved", "cleared"), (cleared.State, cleared.Disposition));

        // Friday and Saturday for the township chief's area: each of the three cells was due once on Friday.
        var from = new DateTimeOffset(2026, 11, 27, 0, 0, 0, China).ToString("O", CultureInfo.InvariantCulture);
        var to = new DateTimeOffset(2026, 11, 28, 12, 0, 0, China).ToString("O", CultureInfo.InvariantCulture);
        var report = await Json(await chief.GetAsync($"/api/reports/patrol?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", TestContext.Current.CancellationToken));
        var cells = report.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("cellId").GetString()!);
        Assert.Equal((1, 1, 0), Counts(cells["qd-r1c2"]));
        Assert.Equal((1, 1, 0), Counts(cells["qd-r1c3"]));
        Assert.Equal((1, 1, 1), Counts(cells["qd-r1c4"]));
        var village = await Json(await bureau.GetAsync(
            $"/api/reports/patrol?chief=chief-gucheng&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", TestContext.Current.CancellationToken));
        var villageCells = village.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("cellId").GetString()).ToList();
        Assert.Contains("qd-r1c3", villageCells);
        Assert.DoesNotContain("qd-r1c4", villageCells); // chief-heyatou's village
        Assert.Equal(1, report.GetProperty("missed").GetInt32());
        Assert.Equal("chief-qidu", report.GetProperty("chief").GetString());
        // The area's sites with the people named for them: the horse pit's patroller is inspector-03, whose cells reach it.
        var pit = report.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("siteId").GetString() == "horse-pit");
        Assert.Equal(("tomb", true, "inspector-03"), (pit.GetProperty("kind").GetString(), pit.GetProperty("staffed").GetBoolean(),
            pit.GetProperty("stewards").GetProperty("patroller").GetProperty("username").GetString()));
        Assert.Contains("qd-r1c5", pit.GetProperty("cellIds").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain("horse-pit", village.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("siteId").GetString())); // not in Gucheng's cells

        using var page = await chief.GetAsync($"/api/reports/patrol.html?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", TestContext.Current.CancellationToken);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("qd-r1c4", html, StringComparison.Ordinal);
        Assert.Contains("class=\"missed\"", html, StringComparison.Ordinal);
        Assert.Contains("网格员 张伟 (inspector-03)", html, StringComparison.Ordinal);

        using var csv = await chief.GetAsync($"/api/reports/patrol.csv?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}", TestContext.Current.CancellationToken);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("cellId,cellName,inspector,duty,visits,", lines[0], StringComparison.Ordinal);
        var r1c4 = lines.Single(l => l.StartsWith("qd-r1c4,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("1", "1", "0"), (r1c4[4], r1c4[7], r1c4[9])); // visits, missed, coverage
    }

    // A daily duty on qd-r1c4 that nobody met on Friday: at 18:00 the monitor, now the test's, raises patrol-missed.
    private static async Task<PatrolDutyMonitor> MissedOnFridayAsync(HeritageApp app)
    {
        await SetDailyDutiesAsync(app, "qd-r1c4");
        var monitor = await app.TakeOverPatrolDutiesAsync();
        app.Time.SetUtcNow(Friday18);
        Assert.Equal(1, await monitor.CheckAsync());
        return monitor;
    }

    [Fact]
    public async Task WithdrawnDuty_ClearsItsMissedAlert_LeavesTheList_AndItsMissedDayStaysInTheReport()
    {
        await using var app = new HeritageApp(_data.Path);
        var monitor = await MissedOnFridayAsync(app);
        app.Time.SetUtcNow(Friday18.AddHours(1));
        using var bureau = await app.ClientAsAsync("bureau");

        using var withdrawn = await bureau.DeleteAsync("/api/patrol-duties/qd-r1c4", TestContext.Current.CancellationToken);
        using var again = await bureau.DeleteAsync("/api/patrol-duties/qd-r1c4", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (withdrawn.StatusCode, again.StatusCode));
        Assert.Empty((await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray());
        var alerts = await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?cellId=qd-r1c4", JsonSerializerOptions.Web, TestContext.Current.CancellationToken);
        var cleared = Assert.Single(alerts!, a => a.RuleId == "patrol-missed");
        Assert.Equal(("resolved", "cleared"), (cleared.State, cleared.Disposition));

        // Sunday evening: Saturday went unjudged, and Friday's miss is still in the report, under the withdrawn duty.
        app.Time.SetUtcNow(Friday18.AddDays(2));
        Assert.Equal(0, await monitor.CheckAsync());
        using var bureauSunday = await app.ClientAsAsync("bureau");
        var from = Uri.EscapeDataString(new DateTimeOffset(2026, 11, 27, 0, 0, 0, China).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(new DateTimeOffset(2026, 11, 29, 0, 0, 0, China).ToString("O", CultureInfo.InvariantCulture));
        var report = await Json(await bureauSunday.GetAsync($"/api/reports/patrol?from={from}&to={to}", TestContext.Current.CancellationToken));
        var r1c4 = report.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cellId").GetString() == "qd-r1c4");
        Assert.Equal((0, 1, 1), Counts(r1c4));
        Assert.Equal("P1D 08:00–18:00 (withdrawn 2026-11-27 19:00)", r1c4.GetProperty("duty").GetString());

        // The duties by site class leave the withdrawn cell alone unless told to replace.
        var defaults = await Json(await bureauSunday.PostAsync("/api/patrol-duties/defaults?dryRun=true", null, TestContext.Current.CancellationToken));
        Assert.Contains("qd-r1c4", defaults.GetProperty("kept").EnumerateArray().Select(c => c.GetString()));

        // Set again: the withdrawn duty is its history, and the new one is in force.
        var set = await Json(await bureauSunday.PutAsJsonAsync("/api/patrol-duties/qd-r1c4", new { every = "P1D", windowFrom = "08:00", windowTo = "18:00" }, TestContext.Current.CancellationToken));
        var earlier = Assert.Single(set.GetProperty("earlier").EnumerateArray());
        Assert.Equal(Friday18.AddHours(1), earlier.GetProperty("endedAt").GetDateTimeOffset());
        Assert.False(set.TryGetProperty("endedAt", out _));
        Assert.Single((await Json(await bureauSunday.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray());
        var audit = await bureauSunday.GetFromJsonAsync<List<JsonElement>>("/api/audit?entity=patrol-duty&id=qd-r1c4", TestContext.Current.CancellationToken);
        Assert.Equal(["reinstated", "withdrawn", "created"], audit!.Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task DutyWithdrawnWhileTheMonitorRaisedItsAlert_TheNextRoundClearsIt()
    {
        await using var app = new HeritageApp(_data.Path);
        var monitor = await MissedOnFridayAsync(app);
        // The withdrawal landed as the round was raising the alert: the alert is open, the duty withdrawn.
        var store = app.Services.GetRequiredService<Domain.Patrols.IPatrolStore>();
        Assert.NotNull(store.WithdrawDuty("qd-r1c4", Friday18.AddMinutes(1)));
        using var bureau = await app.ClientAsAsync("bureau");
        async Task<AlertDto> MissedAsync() => Assert.Single(
            (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts?cellId=qd-r1c4", JsonSerializerOptions.Web, TestContext.Current.CancellationToken))!,
            a => a.RuleId == "patrol-missed");
        Assert.Equal("open", (await MissedAsync()).State);

        app.Time.SetUtcNow(Friday18.AddMinutes(2));
        Assert.Equal(0, await monitor.CheckAsync());

        Assert.Equal(("resolved", "cleared"), ((await MissedAsync()).State, (await MissedAsync()).Disposition));
        Assert.Equal(Domain.Patrols.DutyJudgement.None, Assert.Single(store.AllDuties()).Judgement);
    }

    [Fact]
    public async Task InspectorWhoAcknowledgedAnAlert_ArrivesOnPatrol_AndTheStatisticsCountTimeToArrive()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var alert = await Escalation.EscalationTests.RaiseRedAsync(app, bureau);
        var device = await bureau.GetFromJsonAsync<JsonElement>("/api/devices/hp-vib-01", TestContext.Current.CancellationToken);
        var (lat, lon) = (device.GetProperty("lat").GetDouble(), device.GetProperty("lon").GetDouble());
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await Json(await inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "在路上" }, TestContext.Current.CancellationToken));
        var id = (await Json(await inspector.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken))).GetProperty("id").GetString();

        // Ten minutes' ride from 1 km south, then at the sensor.
        var now = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromMinutes(10));
        object[] ride = [Position(now.AddMinutes(1), lat - 0.009, lon), Position(now.AddMinutes(10), lat + 0.0002, lon)];
        await Json(await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", ride, TestContext.Current.CancellationToken));
        await Json(await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", new[] { Position(now.AddMinutes(10.5), lat, lon) }, TestContext.Current.CancellationToken));

        var events = await Escalation.EscalationTests.Events(bureau, alert.Id);
        var arrived = Assert.Single(events, e => e.Type == "arrived");
        Assert.Equal("inspector-03", arrived.Actor);
        var stats = await bureau.GetFromJsonAsync<JsonElement>("/api/stats/response", TestContext.Current.CancellationToken);
        var total = stats.GetProperty("total");
        Assert.Equal(1, total.GetProperty("arrived").GetInt32());
        Assert.Equal((arrived.At - alert.RaisedAt).TotalSeconds, total.GetProperty("arriveMedianSeconds").GetDouble(), 3);
        var verification = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.Id}/verify", TestContext.Current.CancellationToken);
        Assert.True(verification.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task DutyShorterThanADay_IsMissedAtTheEndOfItsSlot()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var monitor = await app.TakeOverPatrolDutiesAsync();
        using var withWindow = await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c5", new { every = "PT30M", windowFrom = "08:00", windowTo = "18:00" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, withWindow.StatusCode);
        var duty = await Json(await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c5", new { every = "PT30M" }, TestContext.Current.CancellationToken));
        Assert.Equal("PT30M", duty.GetProperty("every").GetString());

        // Set at 22:05: the 22:30–23:00 slot is the first judged.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 22, 59, 0, China));
        Assert.Equal(0, await monitor.CheckAsync());
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 23, 0, 0, China));
        Assert.Equal(1, await monitor.CheckAsync());
    }

    private static MultipartFormDataContent VisitForm(string cellId, string checks, string? note, double lat, double lon, params string[] views)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(cellId), "cellId" },
            { new StringContent(checks), "checks" },
            { new StringContent(lat.ToString(CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(lon.ToString(CultureInfo.InvariantCulture)), "lon" },
        };
        if (note is not null)
        {
            form.Add(new StringContent(note), "note");
        }

        foreach (var view in views)
        {
            form.Add(new ByteArrayContent(Escalation.EvidenceUploadTests.Jpeg), view, $"{view}.jpg");
        }

        return form;
    }

    [Fact]
    public async Task VisitReport_KeepsTheChecklistAndBothPhotosAsEvidence_AndItsProblemIsAFinding()
    {
        await using var app = new HeritageApp(_data.Path);
        await SetDailyDutiesAsync(app, "qd-r1c2");
        var id = await PatrolTwoCellsAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");
        // The cell lies in the Qi capital's ruins: the checklist adds their erosion item, and names the site's people.
        var checklist = await Json(await inspector.GetAsync("/api/patrol-checklist/qd-r1c2", TestContext.Current.CancellationToken));
        var items = checklist.GetProperty("items").EnumerateArray().Select(i => i.GetString()!).ToList();
        Assert.Equal(["site", "digging", "markers", "erosion"], items);
        var capital = checklist.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "qi-capital");
        Assert.Equal(("ruins", false, "chief-qidu"), (capital.GetProperty("kind").GetString(), capital.GetProperty("staffed").GetBoolean(),
            capital.GetProperty("stewards").GetProperty("responsible").GetProperty("username").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await inspector.GetAsync("/api/patrol-checklist/no-such-cell", TestContext.Current.CancellationToken)).StatusCode);
        using (var neighbour = await app.ClientAsAsync("inspector-01"))
        using (var maintenanceStaff = await app.ClientAsAsync("maintenance"))
        {
            // Not their cell, not walked on their patrol: refused; maintenance staff have no part in patrols.
            Assert.Equal(HttpStatusCode.Forbidden, (await neighbour.GetAsync("/api/patrol-checklist/qd-r1c2", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await maintenanceStaff.GetAsync("/api/patrol-checklist/qd-r1c2", TestContext.Current.CancellationToken)).StatusCode);
        }

        var basicOnly = JsonSerializer.Serialize(new Dictionary<string, string> { ["site"] = "ok", ["digging"] = "ok", ["markers"] = "ok" });
        var withAProblem = JsonSerializer.Serialize(items.ToDictionary(i => i, i => i == "digging" ? "problem" : "ok"));

        using var notVisited = await inspector.PostAsync($"/api/patrols/{id}/reports", VisitForm("qd-r1c4", withAProblem, "盗洞", 36.8755, 118.3595, "distant", "close"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, notVisited.StatusCode);
        using var noClose = await inspector.PostAsync($"/api/patrols/{id}/reports", VisitForm("qd-r1c2", withAProblem, "盗洞", 36.8755, 118.3395, "distant"), TestContext.Current.CancellationToken);
        Assert.Contains("\"close\"", await noClose.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var otherInspector = await app.ClientAsAsync("inspector-01");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherInspector.PostAsync($"/api/patrols/{id}/reports", VisitForm("qd-r1c2", withAProblem, "x", 36.8755, 118.3395, "distant", "close"), TestContext.Current.CancellationToken)).StatusCode);
        using var itemMissing = await inspector.PostAsync($"/api/patrols/{id}/reports", VisitForm("qd-r1c2", basicOnly, null, 36.8755, 118.3395, "distant", "close"), TestContext.Current.CancellationToken);
        Assert.Equal(["checks.erosion"], await Registry.DeviceLifecycleTests.ErrorFieldsAsync(itemMissing));

        using var created = await inspector.PostAsync(
            $"/api/patrols/{id}/reports", VisitForm("qd-r1c2", withAProblem, "东北角新鲜盗洞一处，已拍照", 36.8755, 118.3395, "distant", "close"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var bureau = await app.ClientAsAsync("bureau");
        var reports = await Json(await bureau.GetAsync($"/api/patrols/{id}/reports", TestContext.Current.CancellationToken));
        var report = Assert.Single(reports.EnumerateArray());
        Assert.Equal("problem", report.GetProperty("checks").GetProperty("digging").GetString());
        var photos = report.GetProperty("photos").EnumerateArray().ToList();
        Assert.Equal(["close", "distant"], photos.Select(p => p.GetProperty("view").GetString()).Order());
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Escalation.EvidenceUploadTests.Jpeg));
        Assert.All(photos, p => Assert.Equal(sha, p.GetProperty("sha256").GetString()));
        var photo = await bureau.GetByteArrayAsync($"/api/patrols/{id}/photos/{photos[0].GetProperty("attachmentId").GetString()}", TestContext.Current.CancellationToken);
        Assert.Equal(Escalation.EvidenceUploadTests.Jpeg, photo);

        var audit = await Json(await bureau.GetAsync($"/api/audit?entity=patrol-report&id={id}", TestContext.Current.CancellationToken));
        Assert.Contains(sha, Assert.Single(audit.EnumerateArray()).ToString(), StringComparison.Ordinal);
        var verify = await Json(await bureau.GetAsync("/api/audit/verify", TestContext.Current.CancellationToken));
        Assert.True(verify.GetProperty("intact").GetBoolean());

        var week = await Json(await bureau.GetAsync(
            $"/api/reports/patrol?from={Uri.EscapeDataString(Friday9.AddHours(-9).ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(Friday18.ToString("O", CultureInfo.InvariantCulture))}",
            TestContext.Current.CancellationToken));
        var cell = week.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("cellId").GetString() == "qd-r1c2");
        Assert.Equal((1, 1), (cell.GetProperty("reports").GetInt32(), cell.GetProperty("findings").GetInt32()));
    }

    [Fact]
    public async Task DutiesBySiteClass_GiveEveryCellTouchingASiteItsLevelsFrequency_AndKeepDutiesAlreadySet()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        await Json(await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c3", new { every = "P1W" }, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.PostAsync("/api/patrol-duties/defaults", null, TestContext.Current.CancellationToken)).StatusCode);
        using var badLevel = await bureau.PostAsJsonAsync("/api/patrol-duties/defaults?dryRun=true", new Dictionary<string, string> { ["world"] = "P1D" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        using var badStaffed = await bureau.PostAsJsonAsync("/api/patrol-duties/defaults?dryRun=true", new Dictionary<string, string> { ["staffed"] = "PT1H" }, TestContext.Current.CancellationToken);
        Assert.Equal(["staffed"], await Registry.DeviceLifecycleTests.ErrorFieldsAsync(badStaffed));

        var preview = await Json(await bureau.PostAsync("/api/patrol-duties/defaults?dryRun=true", null, TestContext.Current.CancellationToken));
        Assert.Single((await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray()); // nothing set yet
        var applied = await Json(await bureau.PostAsync("/api/patrol-duties/defaults", null, TestContext.Current.CancellationToken));

        Assert.Equal(preview.GetProperty("applied").ToString(), applied.GetProperty("applied").ToString());
        var cells = applied.GetProperty("applied").EnumerateArray().ToDictionary(c => c.GetProperty("cellId").GetString()!, c => (c.GetProperty("level").GetString(), c.GetProperty("every").GetString()));
        Assert.Equal(("national", "P1D"), cells["qd-r1c2"]); // inside 齐国故城, a national site
        var r1c2 = applied.GetProperty("applied").EnumerateArray().Single(c => c.GetProperty("cellId").GetString() == "qd-r1c2");
        Assert.Equal(("qi-capital", false), (r1c2.GetProperty("siteId").GetString(), r1c2.GetProperty("fire").GetBoolean()));
        Assert.Contains("qd-r1c3", applied.GetProperty("kept").EnumerateArray().Select(c => c.GetString()));
        var duties = (await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray()
            .ToDictionary(d => d.GetProperty("cellId").GetString()!, d => d.GetProperty("every").GetString());
        Assert.Equal(cells.Count + 1, duties.Count);
        Assert.Equal("P1W", duties["qd-r1c3"]);

        // Replacing: the weekly cell becomes daily and keeps its weekly duty as history; unchanged cells stay as they were.
        var before = await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken));
        await Json(await bureau.PostAsync("/api/patrol-duties/defaults?replace=true", null, TestContext.Current.CancellationToken));
        var after = (await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray().ToDictionary(d => d.GetProperty("cellId").GetString()!);
        Assert.Equal("P1W", Assert.Single(after["qd-r1c3"].GetProperty("earlier").EnumerateArray()).GetProperty("every").GetString());
        Assert.False(after["qd-r1c2"].TryGetProperty("earlier", out _));
        Assert.Equal(before.EnumerateArray().Single(d => d.GetProperty("cellId").GetString() == "qd-r1c2").GetProperty("setAt").GetDateTimeOffset(), after["qd-r1c2"].GetProperty("setAt").GetDateTimeOffset());
    }

    private static (int Visits, int Due, int Missed) Counts(JsonElement cell) =>
        (cell.GetProperty("visits").GetInt32(), cell.GetProperty("dutyPeriods").GetInt32(), cell.GetProperty("missed").GetInt32());

    [Fact]
    public async Task OnlyTheInspectorFeedsAPatrol_AndOnlyTheirChainAndTheBureauSeeIt()
    {
        await using var app = new HeritageApp(_data.Path);
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var otherInspector = await app.ClientAsAsync("inspector-01");
        using var chain = await app.ClientAsAsync("chief-gucheng");
        using var otherChief = await app.ClientAsAsync("chief-xiguan");
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");
        using var anonymous = app.CreateClient();
        // A double tap: both starts answer with the same patrol.
        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => inspector.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken)));
        var ids = new List<string?>();
        foreach (var start in starts)
        {
            ids.Add((await Json(start)).GetProperty("id").GetString());
        }

        Assert.Single(ids.Distinct());
        Assert.Single(starts, s => s.StatusCode == HttpStatusCode.Created);
        var id = ids[0];
        object[] one = [InR1C2(HeritageApp.Start)];

        Assert.Equal(HttpStatusCode.Forbidden, (await otherInspector.PostAsJsonAsync($"/api/patrols/{id}/positions", one, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bureau.PostAsJsonAsync($"/api/patrols/{id}/positions", one, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bureau.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/patrols/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherInspector.GetAsync($"/api/patrols/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherChief.GetAsync($"/api/patrols/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await maintenance.GetAsync($"/api/patrols/{id}/track", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await chain.GetAsync($"/api/patrols/{id}/track", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync($"/api/patrols/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.GetAsync("/api/patrols/nope", TestContext.Current.CancellationToken)).StatusCode);

        // Reports: chiefs for their own area, the bureau for any; never inspectors.
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync("/api/reports/patrol", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await chain.GetAsync("/api/reports/patrol?chief=chief-xiguan", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync("/api/reports/patrol?chief=chief-xiguan", TestContext.Current.CancellationToken)).StatusCode);

        // Duties: the bureau sets them.
        var duty = new { every = "P1D" };
        Assert.Equal(HttpStatusCode.Forbidden, (await chain.PutAsJsonAsync("/api/patrol-duties/qd-r1c2", duty, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.PutAsJsonAsync("/api/patrol-duties/no-such-cell", duty, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task BadInput_GetsAClearErrorAndChangesNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var bureau = await app.ClientAsAsync("bureau");
        var id = (await Json(await inspector.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken))).GetProperty("id").GetString();

        object[] batch = [InR1C2(HeritageApp.Start), new { ts = HeritageApp.Start.ToString("O", CultureInfo.InvariantCulture), lat = 236.0, lon = 118.3 }];
        using var invalid = await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", batch, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("[1].lat", await invalid.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var notJson = await inspector.PostAsync($"/api/patrols/{id}/positions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var patrol = await Json(await inspector.GetAsync($"/api/patrols/{id}", TestContext.Current.CancellationToken));
        Assert.Equal((0, 0), (patrol.GetProperty("acceptedPositions").GetInt32(), patrol.GetProperty("rejectedPositions").GetInt32()));

        using var badDuty = await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c2", new { every = "P1DT1H", windowFrom = "25:00", windowTo = "18:00" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badDuty.StatusCode);
        var problem = await badDuty.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("every", problem, StringComparison.Ordinal);
        Assert.Contains("windowFrom", problem, StringComparison.Ordinal);
        Assert.Empty((await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray());

        foreach (var range in new[] { "from=9999-12-31", "to=0001-01-03", "from=0001-01-01", "from=yesterday", "from=2026-11-30&to=2026-11-23" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await bureau.GetAsync($"/api/reports/patrol?{range}", TestContext.Current.CancellationToken)).StatusCode);
        }

        var week = await Json(await bureau.GetAsync("/api/reports/patrol?from=2026-11-23&to=2026-11-30", TestContext.Current.CancellationToken));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, China), week.GetProperty("from").GetDateTimeOffset()); // a date is China's

        await inspector.PostAsync($"/api/patrols/{id}/end", null, TestContext.Current.CancellationToken);
        using var afterEnd = await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", new[] { InR1C2(HeritageApp.Start) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, afterEnd.StatusCode);
    }

    [Fact]
    public async Task ChangedDuty_KeepsTheEarlierOneForReports_AndAClientCannotWriteTheHistory()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        await Json(await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c2", new { every = "P1D", windowFrom = "08:00", windowTo = "18:00" }, TestContext.Current.CancellationToken));
        var dailySetAt = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromHours(6)); // within the token's shift
        var forged = new[] { new { every = "PT5M", setBy = "someone", setAt = "2020-01-01T00:00:00Z" } };

        var weekly = await Json(await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c2", new { every = "P1W", earlier = forged }, TestContext.Current.CancellationToken));
        await Json(await bureau.PutAsJsonAsync("/api/patrol-duties/qd-r1c2", new { every = "P1W", earlier = new object?[] { null } }, TestContext.Current.CancellationToken)); // unchanged

        var listed = (await Json(await bureau.GetAsync("/api/patrol-duties", TestContext.Current.CancellationToken))).EnumerateArray().Single();
        var earlier = Assert.Single(listed.GetProperty("earlier").EnumerateArray());
        Assert.Equal(("P1D", "08:00", dailySetAt), (earlier.GetProperty("every").GetString(), earlier.GetProperty("windowFrom").GetString(), earlier.GetProperty("setAt").GetDateTimeOffset()));
        Assert.Equal(("P1W", weekly.GetProperty("setAt").GetDateTimeOffset()), (listed.GetProperty("every").GetString(), listed.GetProperty("setAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task NeighboursCellWalkedThrough_GetsItsChecklistAfterThePatrol_AndARefusedPositionResentIsNotCountedTwice()
    {
        await using var app = new HeritageApp(_data.Path);
        using var neighbour = await app.ClientAsAsync("inspector-01"); // qd-r1c2 is inspector-03's
        using var other = await app.ClientAsAsync("inspector-02");
        var id = (await Json(await neighbour.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken))).GetProperty("id").GetString();
        var start = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromMinutes(8));
        object[] walk = [.. Enumerable.Range(0, 4).Select(i => InR1C2(start.AddMinutes(2 * i)))];
        await Json(await neighbour.PostAsJsonAsync($"/api/patrols/{id}/positions", walk, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, (await neighbour.GetAsync("/api/patrol-checklist/qd-r1c3", TestContext.Current.CancellationToken)).StatusCode);

        // Indoors: a position too imprecise to use, sent twice (the answer to the first was lost).
        object[] indoors = [new { ts = start.AddMinutes(7).ToString("O", CultureInfo.InvariantCulture), lat = 36.8755, lon = 118.3395, accuracyM = 4000.0 }];
        await Json(await neighbour.PostAsJsonAsync($"/api/patrols/{id}/positions", indoors, TestContext.Current.CancellationToken));
        var resent = await Json(await neighbour.PostAsJsonAsync($"/api/patrols/{id}/positions", indoors, TestContext.Current.CancellationToken));
        Assert.Equal((1, 1), (resent.GetProperty("duplicates").GetInt32(), resent.GetProperty("patrol").GetProperty("rejectedPositions").GetInt32()));

        await neighbour.PostAsync($"/api/patrols/{id}/end", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync("/api/patrol-checklist/qd-r1c2", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/patrol-checklist/qd-r1c2", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task PositionsBodyLargerThanABatchCanBe_IsRefusedBeforeItIsRead()
    {
        await using var app = new HeritageApp(_data.Path, realHttp: true); // the limit is Kestrel's, on a real socket
        using var inspector = await app.ClientAsAsync("inspector-03");
        var id = (await Json(await inspector.PostAsync("/api/patrols", null, TestContext.Current.CancellationToken))).GetProperty("id").GetString();
        var tooLarge = (1000 * Server.Patrols.PatrolEndpoints.BytesPerPosition) + 1;

        // Only the headers go out: the answer must come from the declared length alone, with no byte of the body read.
        // (Sending the body too would race the server's close against the client's send, as any early refusal does.)
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(app.HttpAddress.Host, app.HttpAddress.Port, TestContext.Current.CancellationToken);
        var stream = socket.GetStream();
        var head = $"POST /api/patrols/{id}/positions HTTP/1.1\r\nHost: {app.HttpAddress.Authority}\r\n"
            + $"Authorization: Bearer {inspector.DefaultRequestHeaders.Authorization!.Parameter}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {tooLarge}\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync(TestContext.Current.CancellationToken).AsTask()
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); // without a limit the server would wait for the body
        using var fits = await inspector.PostAsJsonAsync($"/api/patrols/{id}/positions", new[] { InR1C2(HeritageApp.Start) }, TestContext.Current.CancellationToken);

        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
