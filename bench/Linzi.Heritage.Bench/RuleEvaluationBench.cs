using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Domain.Wire;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Registry.Transfer;

namespace Linzi.Heritage.Bench;

/// <summary>
/// Micro-benchmark of the rule engine alone (no I/O): the demo rule set against readings from many devices spread
/// over the demo grid, as the rules pipeline runs it: context (a zone-index lookup for trackers), the rules in
/// scope, the evaluator with its memory, and the permit check for every match.
/// </summary>
internal static class RuleEvaluationBench
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly IReadOnlyList<string> Kinds = DeviceKinds.All;

    public static async Task<int> RunAsync(int deviceCount, int rounds, string outDirectory)
    {
        var demoPath = Path.Combine(AppContext.BaseDirectory, "Demo", "linzi-demo-registry.json");
        var errors = new ValidationErrors();
        var document = RegistryImporter.Read(await File.ReadAllBytesAsync(demoPath), errors);
        var demo = (document is null ? null : RegistryDocumentMapper.ToData(document, errors))
            ?? throw new InvalidDataException($"{demoPath}: {string.Join("; ", errors.ByField.Keys)}");

        // Devices spread over the demo grid's extent (lon 118.3145–118.3985, lat 36.8205–36.8905), kinds round-robin.
        var random = new Random(42);
        var devices = Enumerable.Range(0, deviceCount).Select(i =>
        {
            var kind = Kinds[i % Kinds.Count];
            var site = demo.Sites[i % demo.Sites.Count].Id;
            return new Device($"bench-{i:D4}", site, kind, DeviceKinds.DefaultMetrics[kind], 36.8205 + (random.NextDouble() * 0.07), 118.3145 + (random.NextDouble() * 0.084));
        }).ToList();
        // The demo's geofences watch one named excavator; the bench fences every tracker so geofencing does work.
        var fence = RuleDefinitionMapper.TryMap(
            new RuleDefinition
            {
                Id = "bench-fence", Name = "bench fence", Severity = Severity.Red.ToWire(),
                Scope = new ScopeDefinition { DeviceKinds = [DeviceKinds.Gnss] },
                Condition = new ConditionDefinition
                {
                    Kind = "geofence", Event = WireName.Of(GeofenceEvent.Enter), ZoneKinds = [ZoneKind.Protection.ToWire()], DebounceSeconds = 30, MaxHdop = 5,
                },
            },
            RegistryNames.Unchecked,
            out _)!;
        var rules = demo.Rules.Append(fence).ToList();
        var snapshot = new RegistrySnapshot(demo.Sites, demo.Zones, demo.Cells, devices, rules);
        var works = new WorksRegistry([], []);

        var readings = new List<Reading>(deviceCount * rounds);
        var start = new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero); // 22:00 in Linzi: night schedules active
        for (var round = 0; round < rounds; round++)
        {
            foreach (var device in devices)
            {
                readings.Add(ReadingFor(device, start.AddSeconds(round * 10), round, random));
            }
        }

        // Warm-up on a separate evaluator, then the measured pass.
        Evaluate(snapshot, works, readings.Take(Math.Min(readings.Count, 20_000)), new RuleEvaluator());
        var evaluator = new RuleEvaluator();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var (raised, cleared, suppressed) = Evaluate(snapshot, works, readings, evaluator);
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        var perSecond = readings.Count / watch.Elapsed.TotalSeconds;
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Rule engine micro-benchmark, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; one thread, as the rules pipeline runs.")
            .AppendLine(CultureInfo.InvariantCulture, $"Rules: the demo set plus a fence on every tracker ({rules.Count} rules: thresholds with hysteresis and sustain, rates, geofences, correlations, no-data kept aside). Devices: {deviceCount} over the demo grid ({snapshot.Cells.Count} cells, {snapshot.Zones.Count} zones), {deviceCount / Kinds.Count} of them GNSS trackers located per reading.")
            .AppendLine()
            .AppendLine("| readings | seconds | readings/s | µs/reading | raise verdicts | clear verdicts | (rule, subject) memories | bytes allocated/reading |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {readings.Count:N0} | {watch.Elapsed.TotalSeconds:0.00} | {perSecond:N0} | {1e6 / perSecond:0.00} | {raised:N0} | {cleared:N0} | {evaluator.StateCount:N0} | {allocated / (double)readings.Count:0} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Permit checks: {raised:N0} (none registered; {suppressed} suppressed).");
        Directory.CreateDirectory(outDirectory);
        var file = Path.Combine(outDirectory, $"rules-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmm}.md");
        await File.WriteAllTextAsync(file, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"Written to {file}");
        return 0;
    }

    private static (long Raised, long Cleared, long Suppressed) Evaluate(RegistrySnapshot snapshot, WorksRegistry works, IEnumerable<Reading> readings, RuleEvaluator evaluator)
    {
        var raised = new List<RuleMatch>();
        var cleared = new List<RuleCleared>();
        long raisedTotal = 0, clearedTotal = 0, suppressed = 0;
        foreach (var reading in readings)
        {
            var device = snapshot.Devices[reading.DeviceId];
            var context = snapshot.Context(device, reading.Lat, reading.Lon);
            raised.Clear();
            cleared.Clear();
            evaluator.Evaluate(reading, context, snapshot.RuleSet.For(context), raised, cleared);
            foreach (var match in raised)
            {
                if (works.Find(match.Rule, context, reading.Timestamp) is not null)
                {
                    suppressed++;
                }
            }

            raisedTotal += raised.Count;
            clearedTotal += cleared.Count;
        }

        return (raisedTotal, clearedTotal, suppressed);
    }

    private static Reading ReadingFor(Device device, DateTimeOffset at, int round, Random random)
    {
        // Values hover around the demo limits so hysteresis, sustain and correlation all do work.
        double Around(double limit, double spread) => limit + ((random.NextDouble() - 0.5) * spread);
        MetricValue[] values = device.Kind switch
        {
            DeviceKinds.Vibration => [new(MetricNames.PpvMmS, Around(0.3, 0.4)), new(MetricNames.FreqHz, 30)],
            DeviceKinds.GroundSound => [new(MetricNames.GroundSoundDb, Around(45, 10))],
            DeviceKinds.Pir => [new(MetricNames.PirCount, random.Next(0, 5))],
            DeviceKinds.Climate => [new(MetricNames.TempC, 9), new(MetricNames.RhPct, Around(55, 14))],
            DeviceKinds.WaterLevel => [new(MetricNames.WaterLevelCm, 100 + round), new(MetricNames.RainMmH, 2)],
            DeviceKinds.Crack => [new(MetricNames.CrackMm, Around(1, 0.2) + (round * 0.001)), new(MetricNames.TempC, 9)],
            DeviceKinds.Tilt => [new(MetricNames.TiltXDeg, Around(0.5, 0.2)), new(MetricNames.TiltYDeg, 0.1)],
            DeviceKinds.Co2 => [new(MetricNames.Co2Ppm, Around(1500, 600)), new(MetricNames.Visitors, 3)],
            _ => [new(MetricNames.SpeedMS, 1.5), new(MetricNames.Hdop, random.NextDouble() < 0.1 ? 8 : 1.2)],
        };
        return device.IsMobile
            ? new Reading(device.Id, device.SiteId, at, round, values, device.Lat + ((random.NextDouble() - 0.5) * 0.004), device.Lon + ((random.NextDouble() - 0.5) * 0.004))
            : new Reading(device.Id, device.SiteId, at, round, values);
    }
}
