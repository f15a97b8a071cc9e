using System.Globalization;

namespace Linzi.Heritage.Bench;

/// <summary>Settings of <c>harness</c>: the full run, or <c>--quick</c> to prove the harness end to end in minutes.</summary>
internal sealed record HarnessOptions(bool Quick, long Messages, int[] Rates, TimeSpan Step, int AlertsPerSecond, TimeSpan AlertRun,
    int FleetSize, TimeSpan FleetHold, TimeSpan Wait, string[] Targets, string[] Scenarios, string Out, string BenchDir)
{
    /// <summary>The soak scenario (opt-in): its rate and length, the 10k msg/s for 10 minutes by default.</summary>
    public int SoakRate { get; init; } = 10_000;

    public TimeSpan SoakRun { get; init; } = TimeSpan.FromMinutes(10);

    public const int LoadConnections = 50;
    public const int AlertBackground = 1000;

    public static HarnessOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var o = quick
            ? new HarnessOptions(true, 20_000, [10_000, 20_000], TimeSpan.FromSeconds(5), 20, TimeSpan.FromSeconds(5), 1_000, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60), [], [], "", "")
            : new HarnessOptions(false, 200_000, [10_000, 15_000, 20_000, 25_000, 30_000, 40_000], TimeSpan.FromSeconds(40), 20, TimeSpan.FromSeconds(30), 10_000, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(180), [], [], "", "");
        o = o with
        {
            // The scaled targets (PostgreSQL, Redis, several servers) run only when named: --targets scaled-1,scaled-2,scaled-3.
            Targets = [.. Target.All.Select(t => t.Kind).Where(kind => !kind.StartsWith("scaled-", StringComparison.Ordinal))],
            Scenarios = ["flat", "paced", "alerts", "devices"],
            BenchDir = "bench",
            Out = Path.Combine("bench", "results"),
        };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--quick" => o,
                "--messages" => o with { Messages = NextInt() },
                "--rates" => o with { Rates = [.. Next().Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))] },
                "--step-seconds" => o with { Step = TimeSpan.FromSeconds(NextInt()) },
                "--alert-seconds" => o with { AlertRun = TimeSpan.FromSeconds(NextInt()) },
                "--devices" => o with { FleetSize = NextInt() },
                "--hold-seconds" => o with { FleetHold = TimeSpan.FromSeconds(NextInt()) },
                "--wait-seconds" => o with { Wait = TimeSpan.FromSeconds(NextInt()) },
                "--soak-rate" => o with { SoakRate = NextInt() },
                "--soak-seconds" => o with { SoakRun = TimeSpan.FromSeconds(NextInt()) },
                "--targets" => o with { Targets = Next().Split(',') },
                "--scenarios" => o with { Scenarios = Next().Split(',') },
                "--bench-dir" => o with { BenchDir = Next() },
                "--out" => o with { Out = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return o;
    }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);
}

/// <summary>Everything measured on one target; a scenario that failed leaves its error instead.</summary>
internal sealed class TargetResults(string kind, string title)
{
    public string Kind => kind;

    public string Title => title;

    public FlatOutResult? FlatOut { get; set; }

    public List<PacedStep>? Paced { get; set; }

    public AlertResult? Alerts { get; set; }

    public ManyDevicesResult? Devices { get; set; }

    public SoakResult? Soak { get; set; }

    public Dictionary<string, string> Errors { get; } = [];
}

/// <summary>
/// <c>harness [--quick]</c>: starts each target in turn (bench/targets.sh), runs every scenario against it with the
/// same generator and workload, stops it, and writes one results file per scenario with ratios to the baselines.
/// </summary>
internal static class Harness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = HarnessOptions.Parse(args);
        var machine = Machine.Describe();
        var started = TimeProvider.System.GetUtcNow();
        var results = new List<TargetResults>();
        foreach (var kind in options.Targets)
        {
            var title = Target.All.First(t => t.Kind == kind).Title;
            Console.WriteLine($"== {title}");
            var result = new TargetResults(kind, title);
            results.Add(result);
            try
            {
                await using var target = await Target.StartAsync(kind, options.BenchDir);
                await RunTargetAsync(target, options, result);
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                result.Errors["target"] = e.Message;
                Console.WriteLine($"  {kind} failed: {e.Message}");
            }
        }

        foreach (var file in Report.Write(options, machine with { LoadAfter = Machine.LoadAverage() }, started, results))
        {
            Console.WriteLine($"Written to {file}");
        }

        return 0;
    }

    private static async Task RunTargetAsync(Target target, HarnessOptions options, TargetResults result)
    {
        var meter = new ProcessMeter([.. target.Processes, ("generator", Environment.ProcessId)]);
        var breacherCount = (int)(options.AlertsPerSecond * options.AlertRun.TotalSeconds);
        List<BenchDevice> loadDevices, breachers, fleet;
        if (target.Api is { } api)
        {
            // Devices must be provisioned; one bulk import per kind of use. The bench rule raises at once on rh_pct > 75.
            await AlertLatency.EnsureRuleAsync(api.Url, await api.TokenAsync("bureau"));
            loadDevices = await api.ProvisionAsync("load", HarnessOptions.LoadConnections);
            breachers = options.Runs("alerts") ? await api.ProvisionAsync("breach", breacherCount) : [];
            fleet = options.Runs("devices") ? await api.ProvisionAsync("fleet", options.FleetSize) : [];
        }
        else
        {
            // The baselines have no device registry: any client id is let in.
            loadDevices = Local("load", HarnessOptions.LoadConnections);
            breachers = Local("breach", breacherCount);
            fleet = Local("fleet", options.FleetSize);
        }

        var load = await Load.ConnectAsync(loadDevices, target.MqttPort);
        try
        {
            // Warm-up, not measured: JIT, connection pools and first-write costs would otherwise land on the first scenario.
            var warmUp = target.Count(await Load.PublishAsync(load, 5_000));
            var (warmed, _) = await target.Store.ReadAsync();
            await Scenarios.CatchUpAsync(target, options.Wait);
            Console.WriteLine($"  {target.Kind} warm-up: {warmUp.PerSecond:N0} msg/s acked ({warmed:N0} stored by the last PUBACK)");
            await Attempt(result, "flat", options, async () =>
            {
                result.FlatOut = await Scenarios.FlatOutAsync(target, meter, load, options.Messages, options.Wait);
                Console.WriteLine($"  {target.Kind} flat out: {result.FlatOut.Load.PerSecond:N0} msg/s acked, {result.FlatOut.StoredCount:N0} stored after {result.FlatOut.Stored?.TotalSeconds:0.0} s");
            });
            await Attempt(result, "paced", options, async () =>
                result.Paced = await Scenarios.PacedAsync(target, meter, load, options.Rates, options.Step, options.Wait));
            await Attempt(result, "soak", options, async () =>
            {
                result.Soak = await SoakResult.RunAsync(target, meter, load, options.SoakRate, options.SoakRun, options.Wait);
                Console.WriteLine($"  {target.Kind} soak: {result.Soak.Load.PerSecond:N0} msg/s, PUBACK p99 {result.Soak.Percentile(0.99):0.0} ms, max {result.Soak.Percentile(1):0.0} ms");
            });
            if (target.Kind != "broker")
            {
                // The bare broker has no rules: nothing to time.
                await Attempt(result, "alerts", options, async () =>
                {
                    var connections = await Load.ConnectAsync(breachers, target.MqttPort);
                    try
                    {
                        result.Alerts = await AlertScenario.RunAsync(target, meter, load, connections, options.AlertsPerSecond, HarnessOptions.AlertBackground);
                        Console.WriteLine($"  {target.Kind} alerts: {result.Alerts.Latencies.Length} of {result.Alerts.Sent}, p50 {result.Alerts.Percentile(0.5):0.0} ms");
                    }
                    finally
                    {
                        await Load.DisconnectAsync(connections);
                    }
                });
            }
        }
        finally
        {
            await Load.DisconnectAsync(load);
        }

        await Attempt(result, "devices", options, async () =>
            result.Devices = await ManyDevices.RunAsync(target, meter, fleet, options.FleetHold, options.Wait));
    }

    private static async Task Attempt(TargetResults result, string scenario, HarnessOptions options, Func<Task> run)
    {
        if (!options.Runs(scenario))
        {
            return;
        }

        try
        {
            await run();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException or TimeoutException
            or OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // One scenario failing (a target falling over under load is a result too) must not lose the others.
            result.Errors[scenario] = e.Message;
            Console.WriteLine($"  {result.Kind} {scenario} failed: {e.Message}");
        }
    }

    private static List<BenchDevice> Local(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new BenchDevice(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D5}"), ""))];
}
