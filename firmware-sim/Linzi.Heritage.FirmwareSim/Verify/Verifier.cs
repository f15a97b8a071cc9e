using System.Globalization;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;

namespace Linzi.Heritage.FirmwareSim.Verify;

/// <summary>One line of the verdict: an expectation met or not, or an alert nobody expected.</summary>
public sealed record Verdict(string What, string Rule, string Site, string Expected, string Found, bool Pass);

/// <summary>
/// <c>firmware-sim verify</c>: registers the scenario's permits, runs it, then reads the alerts raised since the run
/// began through the public API and compares them with the scenario's expectations. Alerts from devices outside the
/// scenario are ignored, so it can run on a live installation; with <c>--drill</c> only drill alerts count.
/// </summary>
public static class Verifier
{
    /// <summary>The least time to wait after the run, so the last readings are judged before the verdict.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    /// <summary>Runs and checks a scenario; returns the verdicts (all pass: the installation works).</summary>
    public static async Task<IReadOnlyList<Verdict>> RunAsync(ScenarioFile scenario, SimOptions options, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        using var http = new HttpClient { BaseAddress = options.Api };
        var api = new ServerApi(http);
        await api.SignInAsync(options.VerifyUser, options.Password, cancellationToken);
        var devices = (await api.DevicesAsync(cancellationToken))
            .Where(d => scenario.Devices.Any(p => d.Id.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        if (devices.Count == 0)
        {
            throw new InvalidOperationException($"No registered device matches {string.Join(", ", scenario.Devices)}.");
        }

        var baseline = await LatestSequenceAsync(http, cancellationToken);
        var start = scenario.VirtualStart(time.GetUtcNow());
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: {scenario.Title}\n  {devices.Count} devices, {scenario.Duration:0} s of scenario time from {start.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} (UTC+8) at {scenario.Speed:0.#}x{(options.Drill ? ", as a drill" : "")}"));
        foreach (var permit in scenario.Permits)
        {
            using var response = await http.PostAsJsonAsync(
                "/api/permits",
                new { permit.Id, permit.ApprovalNumber, permit.Contractor, permit.Wkt, From = start.AddSeconds(permit.From), To = start.AddSeconds(permit.To) },
                cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        // The server decides what is a drill, never the device: a drill run declares a drill window (bureau) over the
        // scenario's devices for the run and its grace time.
        var drills = options.Drill ? devices.Select(d => $"verify-{scenario.Name}-{d.Id}".ToLowerInvariant()).ToList() : [];
        for (var i = 0; i < drills.Count; i++)
        {
            using var response = await http.PutAsJsonAsync(
                $"/api/drills/{drills[i]}",
                new { DeviceId = devices[i].Id, From = start.AddMinutes(-1), To = start.AddSeconds(scenario.Duration + scenario.WaitSeconds).AddMinutes(10), Reason = $"firmware-sim verify {scenario.Name}" },
                cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        try
        {
            var run = await ScenarioRunner.RunAsync(scenario, devices, start, options, time, cancellationToken);
            await output.WriteLineAsync($"  sent {run.Readings} readings ({run.Replayed} replayed after an outage), {run.PowerCuts} power cuts");

            var ids = devices.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var waitedFrom = time.GetTimestamp();
            var grace = TimeSpan.FromSeconds(scenario.WaitSeconds);
            List<Verdict> verdicts;
            do
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                var alerts = (await http.GetFromJsonAsync<List<AlertDto>>($"/api/alerts?afterSeq={baseline}&limit=5000", cancellationToken))!
                    .Where(a => ids.Contains(a.DeviceId) && a.Drill == options.Drill && a.RaisedAt >= start) // not what an earlier run left open
                    .ToList();
                verdicts = [.. Judge(scenario, alerts, start)];
                verdicts.AddRange(await PermitsAsync(http, scenario, cancellationToken));
                if (scenario.CheckDelivery)
                {
                    verdicts.AddRange(await DeliveryAsync(http, devices, run, start, scenario, cancellationToken));
                }
            }
            while ((verdicts.Any(v => !v.Pass && v.What != "unexpected") && time.GetElapsedTime(waitedFrom) < grace) ||
                   time.GetElapsedTime(waitedFrom) < Settle); // give an unexpected alert the time to show

            return verdicts;
        }
        finally
        {
            foreach (var permit in scenario.Permits)
            {
                using var _ = await http.DeleteAsync($"/api/permits/{permit.Id}", CancellationToken.None);
            }

            foreach (var drill in drills)
            {
                using var _ = await http.DeleteAsync($"/api/drills/{drill}", CancellationToken.None);
            }
        }
    }

    /// <summary>Compares alerts with the expectations. Pure.</summary>
    public static IReadOnlyList<Verdict> Judge(ScenarioFile scenario, IReadOnlyList<AlertDto> alerts, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(alerts);
        var verdicts = new List<Verdict>();
        foreach (var expected in scenario.Expect)
        {
            var matching = alerts.Where(a => a.RuleId == expected.Rule && a.SiteId == expected.Site).ToList();
            var hit = matching.FirstOrDefault(a => a.Severity == expected.Severity && (a.RaisedAt - start).TotalSeconds <= expected.Within);
            var found = hit is not null
                ? string.Create(CultureInfo.InvariantCulture, $"{hit.Id} {hit.Severity} at +{(hit.RaisedAt - start).TotalSeconds:0} s")
                : matching.Count == 0 ? "none" : string.Join(", ", matching.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Severity} at +{(a.RaisedAt - start).TotalSeconds:0} s")));
            verdicts.Add(new Verdict("expected", expected.Rule, expected.Site, string.Create(CultureInfo.InvariantCulture, $"{expected.Severity} within {expected.Within:0} s"), found, hit is not null));
        }

        var known = scenario.Expect.Select(e => e.Rule).Concat(scenario.Allow).ToHashSet(StringComparer.Ordinal);
        foreach (var alert in alerts.Where(a => !known.Contains(a.RuleId)))
        {
            verdicts.Add(new Verdict("unexpected", alert.RuleId, alert.SiteId, "no alert", $"{alert.Id} {alert.Severity} ({alert.DeviceId})", false));
        }

        return verdicts;
    }

    /// <summary>Prints the verdict table and returns the exit code: 0 when everything passed.</summary>
    public static async Task<int> ReportAsync(IReadOnlyList<Verdict> verdicts, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(output);
        string Row(string a, string b, string c, string d, string e, string f) => $"  {a,-6} {b,-10} {c,-30} {d,-16} {e,-22} {f}";
        await output.WriteLineAsync(Row("result", "check", "rule", "site", "expected", "found"));
        foreach (var v in verdicts)
        {
            await output.WriteLineAsync(Row(v.Pass ? "PASS" : "FAIL", v.What, v.Rule, v.Site, v.Expected, v.Found));
        }

        var failed = verdicts.Count(v => !v.Pass);
        await output.WriteLineAsync(failed == 0 ? $"PASS: all {verdicts.Count} checks" : $"FAIL: {failed} of {verdicts.Count} checks");
        return failed == 0 ? 0 : 1;
    }

    // A permit that should have absorbed the works' alerts must have counted them.
    private static async Task<IEnumerable<Verdict>> PermitsAsync(HttpClient http, ScenarioFile scenario, CancellationToken cancellationToken)
    {
        if (!scenario.Permits.Any(p => p.ExpectSuppressed is not null))
        {
            return [];
        }

        var listed = await http.GetFromJsonAsync<List<PermitView>>("/api/permits", cancellationToken) ?? [];
        return scenario.Permits.Where(p => p.ExpectSuppressed is not null).Select(p =>
        {
            var counted = listed.FirstOrDefault(l => l.Permit.Id == p.Id)?.SuppressedAlerts ?? 0;
            return new Verdict("permit", p.Id, p.ApprovalNumber, $"≥ {p.ExpectSuppressed} suppressed", $"{counted} suppressed", counted >= p.ExpectSuppressed);
        }).ToList();
    }

    private sealed record PermitView(PermitIdView Permit, long SuppressedAlerts);

    private sealed record PermitIdView(string Id);

    // Every reading sent must be in the device's history exactly once: as many points as readings.
    private static async Task<IEnumerable<Verdict>> DeliveryAsync(
        HttpClient http, IReadOnlyList<DeviceDto> devices, RunResult run, DateTimeOffset start, ScenarioFile scenario, CancellationToken cancellationToken)
    {
        var verdicts = new List<Verdict>();
        var from = Uri.EscapeDataString(start.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(start.AddSeconds(scenario.Duration + scenario.Tick + 1).ToString("O", CultureInfo.InvariantCulture));
        foreach (var device in devices)
        {
            var metric = device.Metrics[0];
            var history = await http.GetFromJsonAsync<HistoryView>($"/api/devices/{device.Id}/readings?metric={metric}&from={from}&to={to}", cancellationToken);
            var stored = history?.Points.Count ?? 0;
            var sent = run.SentByDevice.GetValueOrDefault(device.Id);
            verdicts.Add(new Verdict("delivery", metric, device.Id, $"{sent} readings", $"{stored} stored", stored == sent));
        }

        return verdicts;
    }

    private sealed record HistoryView(IReadOnlyList<object> Points);

    private static async Task<long> LatestSequenceAsync(HttpClient http, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?limit=1", cancellationToken))!.FirstOrDefault()?.Sequence ?? 0;
}
