using System.Globalization;
using System.Text;

namespace Linzi.Heritage.Bench;

/// <summary>
/// Writes <c>bench/results/&lt;scenario&gt;-YYYYMMDD-HHMM.md</c>: the machine, the workload, and per target the numbers
/// with their ratio to the two baselines measured in the same run (×broker, ×peer; above 1 is more of the thing).
/// </summary>
internal static class Report
{
    public static IEnumerable<string> Write(HarnessOptions options, Machine machine, DateTimeOffset started, IReadOnlyList<TargetResults> results)
    {
        Directory.CreateDirectory(options.Out);
        var broker = results.FirstOrDefault(r => r.Kind == "broker");
        var peer = results.FirstOrDefault(r => r.Kind == "peer");
        var files = new List<string>();
        void Save(string scenario, string title, string body)
        {
            var file = Path.Combine(options.Out, $"{scenario}-{started:yyyyMMdd-HHmm}.md");
            File.WriteAllText(file, Header(title, options, machine, started) + body + Errors(scenario, results));
            files.Add(file);
        }

        if (options.Runs("flat"))
        {
            Save("flat-out", $"Flat out: {options.Messages:N0} messages as fast as PUBACKs return", FlatOut(results, broker, peer));
        }

        if (options.Runs("paced"))
        {
            Save("paced", $"Paced steps ({string.Join(", ", options.Rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} msg/s, {options.Step.TotalSeconds:0} s each; stop at the first step whose lag passes 1 s)", Paced(results, broker, peer));
        }

        if (options.Runs("alerts"))
        {
            Save("alert-latency", $"Alert latency: {HarnessOptions.AlertBackground:N0} msg/s background, {options.AlertsPerSecond} fresh alerts a second for {options.AlertRun.TotalSeconds:0} s", Alerts(results, peer));
        }

        if (options.Runs("devices"))
        {
            Save("devices", $"{options.FleetSize:N0} connected devices, each publishing every {ManyDevices.Interval.TotalSeconds:0} s for {options.FleetHold.TotalSeconds:0} s", Devices(results, broker, peer));
        }

        if (options.Runs("soak"))
        {
            Save("soak", $"Soak: {options.SoakRate:N0} msg/s for {options.SoakRun.TotalMinutes:0} minutes, every PUBACK timed", Soak(results));
        }

        return files;
    }

    private static string Soak(IReadOnlyList<TargetResults> results)
    {
        var s = new StringBuilder($"A pause of the target holds up the publishes in flight, so it shows as slow PUBACKs: each one is timed from its send. \"Slow seconds\" lists the seconds of the run with PUBACKs over {SoakResult.PauseMs:0} ms, how many, and the slowest.\n\n")
            .AppendLine("| target | sent msg/s | PUBACK p50 / p99 / p99.9 / max ms | over 20 / 50 / 100 ms | lag after end | slow seconds (second: count × slowest ms) | CPU (s, per process) |")
            .AppendLine("|---|---:|---|---|---:|---|---|");
        foreach (var r in results.Where(r => r.Soak is not null))
        {
            var k = r.Soak!;
            var slow = k.SlowSeconds.Length == 0 ? "none" : string.Join(" ", k.SlowSeconds.Take(40).Select(x => Inv($"{x.Second}s: {x.Count}×{x.MaxMs:0}"))) + (k.SlowSeconds.Length > 40 ? Inv($" … ({k.SlowSeconds.Length} seconds)") : "");
            s.AppendLine(Inv($"| {r.Title} | {k.Load.PerSecond:N0} | {k.Percentile(0.5):0.0} / {k.Percentile(0.99):0.0} / {k.Percentile(0.999):0.0} / {k.Percentile(1):0.0} | {k.Over(20):N0} / {k.Over(50):N0} / {k.Over(100):N0} of {k.AckMs.Length:N0} | {Seconds(k.Lag)} | {slow} | {k.Usage.Describe()} |"));
        }

        return s.ToString();
    }

    private static string Header(string title, HarnessOptions options, Machine m, DateTimeOffset started) => Inv($"""
        # {title}

        Run {started:yyyy-MM-dd HH:mm} UTC{(options.Quick ? " (`--quick`: small sizes, proves the harness; not a measurement to quote)" : "")}.
        Machine: {m.Cores} cores ({m.Cpu}), {m.RamGiB:0.0} GiB RAM, {m.Os}. Load average (1/5/15 min) {m.LoadBefore} before, {m.LoadAfter} after; the machine is shared, and the generator runs on it too.

        Workload (same for every target, one generator process): MQTTnet clients, QoS 1, {HarnessOptions.LoadConnections} connections of one device each, {Load.InFlightPerConnection} publishes in flight per connection, one ~87-byte reading object per message (`{System.Text.Encoding.UTF8.GetString(Load.Payload(123456, 55.2))}`).
        Targets: the bare MQTTnet broker with a counting no-op interceptor (the transport ceiling) and the Mosquitto + Node-RED + InfluxDB peer are the baselines; "×broker" and "×peer" are a result divided by the same result of that baseline in this run. CPU is utime+stime from /proc per process over the measurement (100 % = one core); peak RSS is VmHWM since the process started.


        """);

    private static string FlatOut(IReadOnlyList<TargetResults> results, TargetResults? broker, TargetResults? peer)
    {
        var s = new StringBuilder("\"PUBACKs\" is the publishing rate until the last acknowledgement; \"stored\" the rate until the last message was stored end to end (broker: counted by its interceptor; peer: points in InfluxDB; system: accepted and every journal consumer caught up); the lag is the time from the last PUBACK to then.\n\n")
            .AppendLine("| target | acked | PUBACKs msg/s | ×broker | ×peer | stored msg/s | ×broker | ×peer | lag after end | CPU (s, per process) | peak RSS MiB |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in results.Where(r => r.FlatOut is not null))
        {
            var f = r.FlatOut!;
            s.AppendLine(Inv($"| {r.Title} | {f.Load.Acknowledged:N0}{(f.Load.Failed > 0 ? $" ({f.Load.Failed:N0} failed)" : "")} | {f.Load.PerSecond:N0} | {Ratio(f.Load.PerSecond, broker?.FlatOut?.Load.PerSecond)} | {Ratio(f.Load.PerSecond, peer?.FlatOut?.Load.PerSecond)} | {Num(f.StoredPerSecond)} | {Ratio(f.StoredPerSecond, broker?.FlatOut?.StoredPerSecond)} | {Ratio(f.StoredPerSecond, peer?.FlatOut?.StoredPerSecond)} | {Seconds(f.Lag, Inv($" ({f.StoredCount:N0} of {f.Load.Acknowledged:N0} stored)"))} | {f.Usage.Describe()} | {f.Usage.TargetPeakRssMiB:N0} |"));
        }

        return s.ToString();
    }

    private static string Paced(IReadOnlyList<TargetResults> results, TargetResults? broker, TargetResults? peer)
    {
        static int Kept(TargetResults? r) => r?.Paced?.Where(p => p.Kept).Select(p => p.Rate).DefaultIfEmpty(0).Max() ?? 0;
        // When no step is kept (the lowest step is over the target), the last step's end-to-end rate still compares.
        static double? LastStored(TargetResults? r) => r?.Paced?.LastOrDefault()?.StoredPerSecond;
        var s = new StringBuilder("The lag of a step is the time from the step's scheduled end until its last message is stored (so a generator or target falling behind shows as lag). \"Kept\" is the highest rate with lag ≤ 1 s and no failed publishes; \"last step stored end to end\" is the last step's messages over the time until they were all stored (it compares targets that keep no step).\n\n")
            .AppendLine("| target | kept msg/s | ×broker | ×peer | last step stored end to end msg/s | ×broker | ×peer | steps: asked → sent msg/s, lag | CPU at the last step |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results.Where(r => r.Paced is not null))
        {
            var kept = Kept(r);
            var steps = string.Join("; ", r.Paced!.Select(p => Inv($"{p.Rate / 1000}k → {p.Load.PerSecond:N0}, {Seconds(p.Lag)}")));
            var last = LastStored(r);
            s.AppendLine(Inv($"| {r.Title} | {(kept > 0 ? kept.ToString("N0", CultureInfo.InvariantCulture) : "none")} | {Ratio(kept > 0 ? kept : null, Kept(broker))} | {Ratio(kept > 0 ? kept : null, Kept(peer))} | {Num(last)} | {Ratio(last, LastStored(broker))} | {Ratio(last, LastStored(peer))} | {steps} | {r.Paced![^1].Usage.Describe()} |"));
        }

        return s.ToString();
    }

    private static string Alerts(IReadOnlyList<TargetResults> results, TargetResults? peer)
    {
        var s = new StringBuilder("From just before the breaching publish to the alert at the client: the system's SignalR `AlertRaised` (signed in as `bureau`), the peer's MQTT message on `alerts/#` from Node-RED's function node. The bare broker has no rules. ×peer: above 1 is slower than the peer.\n\n")
            .AppendLine("| target | alerts arrived | p50 ms | p90 ms | p99 ms | max ms | p50 ×peer | p99 ×peer | CPU (s, per process) |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results.Where(r => r.Alerts is not null))
        {
            var a = r.Alerts!;
            s.AppendLine(Inv($"| {r.Title} | {a.Latencies.Length} of {a.Sent} | {a.Percentile(0.5):0.0} | {a.Percentile(0.9):0.0} | {a.Percentile(0.99):0.0} | {a.Percentile(1):0.0} | {Ratio(a.Percentile(0.5), peer?.Alerts?.Percentile(0.5))} | {Ratio(a.Percentile(0.99), peer?.Alerts?.Percentile(0.99))} | {a.Usage.Describe()} |"));
        }

        return s.ToString();
    }

    private static string Devices(IReadOnlyList<TargetResults> results, TargetResults? broker, TargetResults? peer)
    {
        var s = new StringBuilder("Connect: all devices from the first CONNECT to the last CONNACK, 100 at a time. RSS is the target's (all its processes) while the fleet is connected; the lag is from the end of the publishing period until the last message is stored.\n\n")
            .AppendLine("| target | connected | connect s | ×broker | ×peer | acked | lag after end | RSS MiB | peak RSS MiB | ×broker | ×peer | CPU (s, per process) |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results.Where(r => r.Devices is not null))
        {
            var d = r.Devices!;
            s.AppendLine(Inv($"| {r.Title} | {d.Connected:N0} of {d.Devices:N0} | {d.Connect.TotalSeconds:0.0} | {Ratio(d.Connect.TotalSeconds, broker?.Devices?.Connect.TotalSeconds)} | {Ratio(d.Connect.TotalSeconds, peer?.Devices?.Connect.TotalSeconds)} | {d.Load.Acknowledged:N0} | {Seconds(d.Lag)} | {d.Usage.TargetRssMiB:N0} | {d.Usage.TargetPeakRssMiB:N0} | {Ratio(d.Usage.TargetPeakRssMiB, broker?.Devices?.Usage.TargetPeakRssMiB)} | {Ratio(d.Usage.TargetPeakRssMiB, peer?.Devices?.Usage.TargetPeakRssMiB)} | {d.Usage.Describe()} |"));
        }

        return s.ToString();
    }

    private static string Errors(string scenario, IReadOnlyList<TargetResults> results)
    {
        var key = scenario switch { "flat-out" => "flat", "alert-latency" => "alerts", _ => scenario };
        var failed = results.SelectMany(r => r.Errors.Where(e => e.Key == key || e.Key == "target").Select(e => $"- {r.Title}: {e.Value}")).ToList();
        return failed.Count == 0 ? "" : "\nFailed:\n\n" + string.Join('\n', failed) + "\n";
    }

    private static string Ratio(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b > 0 ? Inv($"{v / b:0.00}×") : "–";

    private static string Num(double? value) => value is { } v ? Inv($"{v:N0}") : "not stored within the wait";

    private static string Seconds(TimeSpan? lag, string detail = "") =>
        lag is { } l ? Inv($"{Math.Max(0, l.TotalSeconds):0.00} s") : "> wait" + detail;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
