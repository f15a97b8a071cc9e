using System.Text.Json;
using System.Text.Json.Serialization;

namespace Linzi.Heritage.FirmwareSim.Verify;

/// <summary>
/// A scenario: a timeline of what the installation's devices see, and the alerts the server must raise for it.
/// Scenarios run on a <b>virtual clock</b> set in the recent past (so a night scenario can be verified by day: devices
/// may send readings with past timestamps, as store-and-forward does) and compressed (<see cref="Speed"/> virtual
/// seconds per real second), so ten minutes of a humidity excursion take a minute. Loaded from JSON.
/// </summary>
public sealed record ScenarioFile
{
    /// <summary>Short name, such as <c>night-dig</c>.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>What it shows.</summary>
    [JsonPropertyName("title")] public required string Title { get; init; }

    /// <summary>
    /// Local time (Asia/Shanghai) the virtual clock starts at: the most recent such time at least <see cref="Duration"/>
    /// ago; or <c>now</c> for a scenario the server's own clock must judge (silence), which then runs at speed 1.
    /// </summary>
    [JsonPropertyName("startLocal")] public string StartLocal { get; init; } = "10:00";

    /// <summary>Virtual seconds per real second.</summary>
    [JsonPropertyName("speed")] public double Speed { get; init; } = 10;

    /// <summary>Virtual seconds the timeline lasts.</summary>
    [JsonPropertyName("duration")] public double Duration { get; init; } = 300;

    /// <summary>Virtual seconds between two readings of a device.</summary>
    [JsonPropertyName("tick")] public double Tick { get; init; } = 10;

    /// <summary>Id prefixes of the demo devices taking part.</summary>
    [JsonPropertyName("devices")] public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>What changes when.</summary>
    [JsonPropertyName("timeline")] public IReadOnlyList<TimelineStep> Timeline { get; init; } = [];

    /// <summary>Permits to register (bureau account) before the run and remove after it.</summary>
    [JsonPropertyName("permits")] public IReadOnlyList<ScenarioPermit> Permits { get; init; } = [];

    /// <summary>Also check that every reading sent arrived exactly once (the history holds as many as were sent).</summary>
    [JsonPropertyName("checkDelivery")] public bool CheckDelivery { get; init; }

    /// <summary>Real seconds to wait after the run for the expected alerts (silence takes the rule's own time).</summary>
    [JsonPropertyName("waitSeconds")] public double WaitSeconds { get; init; } = 30;

    /// <summary>The alerts the server must raise.</summary>
    [JsonPropertyName("expect")] public IReadOnlyList<ExpectedAlert> Expect { get; init; } = [];

    /// <summary>Rules whose alerts may appear without being required (for example a day-time twin of a night rule).</summary>
    [JsonPropertyName("allow")] public IReadOnlyList<string> Allow { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads and checks a scenario file.</summary>
    public static ScenarioFile Load(string path)
    {
        var scenario = JsonSerializer.Deserialize<ScenarioFile>(File.ReadAllText(path), Json)
            ?? throw new FormatException($"{path} is empty");
        if (scenario.Speed <= 0 || scenario.Duration <= 0 || scenario.Tick <= 0 || scenario.Devices.Count == 0 || scenario.WaitSeconds < 0 ||
            (scenario.StartLocal == "now" ? scenario.Speed != 1 : !TimeOnly.TryParse(scenario.StartLocal, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"{path}: speed, duration and tick must be positive, devices non-empty, startLocal HH:mm (or now, at speed 1)");
        }

        return scenario;
    }

    /// <summary>Finds a shipped scenario by name, or treats the argument as a path.</summary>
    public static string Resolve(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
        {
            return nameOrPath;
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, "scenarios", nameOrPath + ".json");
        return File.Exists(shipped)
            ? shipped
            : throw new FileNotFoundException($"No scenario '{nameOrPath}'. Shipped: {string.Join(", ", Shipped())}");
    }

    /// <summary>The names of the shipped scenarios.</summary>
    public static IEnumerable<string> Shipped()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "scenarios");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order()! : [];
    }

    /// <summary>The virtual start: the latest <see cref="StartLocal"/> (UTC+8) that leaves room for the whole timeline before now.</summary>
    public DateTimeOffset VirtualStart(DateTimeOffset now)
    {
        if (StartLocal == "now")
        {
            return now;
        }

        var local = now.ToOffset(TimeSpan.FromHours(8));
        var time = TimeOnly.Parse(StartLocal, System.Globalization.CultureInfo.InvariantCulture);
        var start = new DateTimeOffset(local.Date + time.ToTimeSpan(), TimeSpan.FromHours(8));
        while (start + TimeSpan.FromSeconds(Duration) > now)
        {
            start = start.AddDays(-1);
        }

        return start;
    }
}

/// <summary>One step of the timeline, between <see cref="At"/> and <see cref="Until"/> virtual seconds.</summary>
public sealed record TimelineStep
{
    /// <summary>Start, virtual seconds from the scenario's start.</summary>
    [JsonPropertyName("at")] public double At { get; init; }

    /// <summary>End (exclusive); absent for the rest of the run.</summary>
    [JsonPropertyName("until")] public double? Until { get; init; }

    /// <summary>Device id prefixes it applies to.</summary>
    [JsonPropertyName("devices")] public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>Metric values to use instead of the background: a range drawn uniformly, or a ramp from→to over the step.</summary>
    [JsonPropertyName("set")] public IReadOnlyDictionary<string, ValueSpec> Set { get; init; } = new Dictionary<string, ValueSpec>();

    /// <summary>For trackers: a path of [lat, lon] points walked evenly over the step.</summary>
    [JsonPropertyName("path")] public IReadOnlyList<double[]> Path { get; init; } = [];

    /// <summary><c>outage</c> (the network drops; readings are buffered and replayed as arrays) or <c>powercut</c> (the device dies: no more readings, no last will).</summary>
    [JsonPropertyName("fault")] public string? Fault { get; init; }

    /// <summary>True when the step is in force at virtual second <paramref name="t"/> for the device.</summary>
    public bool Applies(string deviceId, double t) =>
        t >= At && (Until is not { } until || t < until) && Devices.Any(p => deviceId.StartsWith(p, StringComparison.Ordinal));
}

/// <summary>A metric value: <c>{"min","max"}</c> drawn uniformly, or <c>{"from","to"}</c> ramped over the step.</summary>
public sealed record ValueSpec
{
    /// <summary>Lowest value drawn.</summary>
    [JsonPropertyName("min")] public double? Min { get; init; }

    /// <summary>Highest value drawn.</summary>
    [JsonPropertyName("max")] public double? Max { get; init; }

    /// <summary>Ramp start.</summary>
    [JsonPropertyName("from")] public double? From { get; init; }

    /// <summary>Ramp end.</summary>
    [JsonPropertyName("to")] public double? To { get; init; }

    /// <summary>The value at a fraction (0..1) of the step.</summary>
    public double At(double fraction, Random random) => From is { } from && To is { } to
        ? Math.Round(from + ((to - from) * Math.Clamp(fraction, 0, 1)), 3)
        : Math.Round((Min ?? 0) + (random.NextDouble() * ((Max ?? Min ?? 0) - (Min ?? 0))), 3);
}

/// <summary>A permit registered for the run, its window relative to the virtual start.</summary>
public sealed record ScenarioPermit
{
    /// <summary>Permit id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>Approval number.</summary>
    [JsonPropertyName("approvalNumber")] public required string ApprovalNumber { get; init; }

    /// <summary>Contractor.</summary>
    [JsonPropertyName("contractor")] public required string Contractor { get; init; }

    /// <summary>WGS84 polygon WKT.</summary>
    [JsonPropertyName("wkt")] public required string Wkt { get; init; }

    /// <summary>Start, seconds from the virtual start (negative: before it).</summary>
    [JsonPropertyName("from")] public double From { get; init; } = -3600;

    /// <summary>End, seconds from the virtual start.</summary>
    [JsonPropertyName("to")] public double To { get; init; } = 86_400;

    /// <summary>The permit must have counted at least this many suppressed alerts by the end; null for no check.</summary>
    [JsonPropertyName("expectSuppressed")] public int? ExpectSuppressed { get; init; }
}

/// <summary>An alert the scenario must produce.</summary>
public sealed record ExpectedAlert
{
    /// <summary>Rule id.</summary>
    [JsonPropertyName("rule")] public required string Rule { get; init; }

    /// <summary>Site id.</summary>
    [JsonPropertyName("site")] public required string Site { get; init; }

    /// <summary>The alert's final severity.</summary>
    [JsonPropertyName("severity")] public required string Severity { get; init; }

    /// <summary>It must be raised within this many virtual seconds of the start.</summary>
    [JsonPropertyName("within")] public double Within { get; init; } = 600;
}
