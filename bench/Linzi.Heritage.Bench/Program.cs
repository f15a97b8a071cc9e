using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Linzi.Heritage.Bench;
using Linzi.Heritage.Contracts.Api;

// Usage: dotnet run -c Release --project bench/Linzi.Heritage.Bench -- [--api URL] [--mqtt-port N] [--devices N]
//        [--batches N] [--batch-size N] [--out bench/results]
// Needs a running server with demo accounts (dotnet run -c Release --project src/Linzi.Heritage.Server).
//        dotnet run -c Release --project bench/Linzi.Heritage.Bench -- rules [--devices 1000] [--batches 100]
// evaluates the demo rule set in-process, without a server.
//        bench/run.sh [--quick]  (the harness verb: every target and scenario, with the baselines; see bench/README.md)
if (args is ["harness", .. var harnessArgs])
{
    return await Harness.RunAsync(harnessArgs);
}

if (args is ["baseline-broker", .. var brokerArgs])
{
    return await BaselineBroker.RunAsync(brokerArgs);
}

if (args is ["rules", .. var ruleArgs])
{
    var ruleOptions = BenchOptions.Parse(ruleArgs);
    return await RuleEvaluationBench.RunAsync(
        ruleArgs.Contains("--devices") ? ruleOptions.Devices : 1000, ruleArgs.Contains("--batches") ? ruleOptions.Batches : 100, ruleOptions.Out);
}

var options = BenchOptions.Parse(args);
using var http = new HttpClient { BaseAddress = options.Api };
var token = await (await http.PostAsJsonAsync("/api/auth/token", new TokenRequest("maintenance", "linzi-demo"))).Content.ReadFromJsonAsync<TokenResponse>()
    ?? throw new InvalidOperationException("sign-in failed");
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);

Console.WriteLine($"Provisioning {options.Devices} bench devices...");
var devices = await Fleet.ProvisionAsync(http, options.Devices);

var baseline = await Baseline.RunAsync(options);
Console.WriteLine($"baseline (bare MQTTnet broker + one subscriber): {baseline.PerSecond:N0} readings/s");

var before = await Fleet.AcceptedAsync(http);
var run = await Fleet.PublishAsync(options, devices, "127.0.0.1", options.MqttPort);
var accepted = await Fleet.WaitForAcceptedAsync(http, before + run.Readings);
Console.WriteLine($"server (journal, durable acks): {run.PerSecond:N0} readings/s, accepted {accepted - before:N0} of {run.Readings:N0}");

// A bench humidity rule (rh_pct > 75, no sustain) raises one alert per device; bureau tokens see them all.
// Read the catch-up time once, here: the report is written after the latency phase, when the stopwatch has run on.
var drainWatch = Stopwatch.StartNew();
await Fleet.WaitForConsumersAsync(http);
var drain = drainWatch.Elapsed;
Console.WriteLine($"consumers caught up {drain.TotalSeconds:0.0} s after the last acknowledgement");
var bureau = await (await http.PostAsJsonAsync("/api/auth/token", new TokenRequest("bureau", "linzi-demo"))).Content.ReadFromJsonAsync<TokenResponse>();
await AlertLatency.EnsureRuleAsync(options.Api, bureau!.AccessToken);
var latencies = await AlertLatency.MeasureAsync(options.Api, bureau!.AccessToken, devices, options.MqttPort);
Console.WriteLine($"publish-to-alert at a SignalR client: p50 {AlertLatency.Percentile(latencies, 0.5):0.0} ms, p99 {AlertLatency.Percentile(latencies, 0.99):0.0} ms ({latencies.Length} of {devices.Count} alerts)");

var report = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"# Ingestion benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; load generator on the same machine.")
    .AppendLine(CultureInfo.InvariantCulture, $"Load: {options.Devices} devices (one MQTT 5 connection each), {options.Batches} QoS 1 publishes each of {options.BatchSize} readings (contract arrays).")
    .AppendLine()
    .AppendLine("| target | readings/s | readings | lost | seconds |")
    .AppendLine("|---|---:|---:|---:|---:|")
    .AppendLine(CultureInfo.InvariantCulture, $"| bare MQTTnet broker, one subscriber (baseline) | {baseline.PerSecond:N0} | {baseline.Readings:N0} | {baseline.Readings - baseline.Received:N0} | {baseline.Elapsed.TotalSeconds:0.0} |")
    .AppendLine(CultureInfo.InvariantCulture, $"| Linzi server, embedded broker, durable journal | {run.PerSecond:N0} | {run.Readings:N0} | {run.Readings - (accepted - before):N0} | {run.Elapsed.TotalSeconds:0.0} |")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"The journal consumers (SQLite time series, rules) caught up {drain.TotalSeconds:0.0} s after the last acknowledgement.")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Publish-to-alert latency at a SignalR client (one alert per device, {latencies.Length} of {devices.Count} received, server otherwise idle): p50 {AlertLatency.Percentile(latencies, 0.5):0.0} ms, p90 {AlertLatency.Percentile(latencies, 0.9):0.0} ms, p99 {AlertLatency.Percentile(latencies, 0.99):0.0} ms.");
Directory.CreateDirectory(options.Out);
var file = Path.Combine(options.Out, $"ingestion-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmm}.md");
await File.WriteAllTextAsync(file, report.ToString());
Console.WriteLine(report);
Console.WriteLine($"Written to {file}");
return 0;
