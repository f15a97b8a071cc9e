using System.Diagnostics;
using System.Globalization;

namespace Linzi.Heritage.Bench;

/// <summary>
/// One target as <c>bench/targets.sh</c> started it: its MQTT port, how to ask what it has stored, and its
/// processes. Started and stopped by the shell script so the peer's three programs need no C# of their own.
/// </summary>
internal sealed class Target : IAsyncDisposable
{
    private readonly string _state;

    private Target(string kind, string state, IReadOnlyDictionary<string, string> env)
    {
        Kind = kind;
        _state = state;
        MqttPort = int.Parse(env["MQTT_PORT"], CultureInfo.InvariantCulture);
        Processes = [.. env["PIDS"].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => (p.Split(':')[0], int.Parse(p.Split(':')[1], CultureInfo.InvariantCulture)))];
        Store = kind switch
        {
            "broker" => new BrokerCounter(new Uri(env["COUNT_URL"])),
            "peer" => new InfluxCounter(new Uri(env["INFLUX_URL"])),
            _ => new SystemApi(
                new Uri(env["API"]),
                env.TryGetValue("APIS", out var apis) ? [.. apis.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => new Uri(a))] : null),
        };
    }

    public static IReadOnlyList<(string Kind, string Title)> All { get; } =
    [
        ("broker", "bare MQTTnet broker, no-op interceptor (transport ceiling)"),
        ("peer", "Mosquitto 2 + Node-RED 4 + InfluxDB 1.6"),
        ("system", "Linzi server, embedded defaults (SQLite)"),
        ("system-influx", "Linzi server, InfluxDB 1.6 store"),
        ("scaled-1", "1 Linzi server on PostgreSQL + Redis, behind Mosquitto (shared subscription)"),
        ("scaled-2", "2 Linzi servers on PostgreSQL + Redis, behind Mosquitto (shared subscription)"),
        ("scaled-3", "3 Linzi servers on PostgreSQL + Redis, behind Mosquitto (shared subscription)"),
    ];

    public string Kind { get; }

    public string Title => All.First(t => t.Kind == Kind).Title;

    public int MqttPort { get; }

    public IReadOnlyList<(string Name, int Pid)> Processes { get; }

    /// <summary>What the target has stored end to end: counted messages, or the server's ingestion stats.</summary>
    public IStoreCounter Store { get; }

    public SystemApi? Api => Store as SystemApi;

    private long _acknowledged;

    /// <summary>
    /// Messages acknowledged by this target so far, over all scenarios: what it must have stored before the next
    /// measurement starts (watching for a quiet moment instead mistakes a pause, e.g. the peer's join, for the end).
    /// </summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public LoadResult Count(LoadResult result)
    {
        Interlocked.Add(ref _acknowledged, result.Acknowledged);
        return result;
    }

    public static async Task<Target> StartAsync(string kind, string benchDir)
    {
        var state = Directory.CreateTempSubdirectory($"linzi-bench-{kind}-").FullName;
        await ScriptAsync(benchDir, "start", kind, state);
        var env = File.ReadAllLines(Path.Combine(state, "target.env"))
            .Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1].Trim('"'));
        return new Target(kind, state, env) { BenchDir = benchDir };
    }

    private string BenchDir { get; init; } = "";

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await ScriptAsync(BenchDir, "stop", Kind, _state);
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // A process that has not quite let go of its files: the temp folder is left for the OS to clean.
        }
    }

    private static async Task ScriptAsync(string benchDir, string action, string kind, string state)
    {
        using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(benchDir, "targets.sh"), action, kind, state]))
            ?? throw new InvalidOperationException("could not run targets.sh");
        await script.WaitForExitAsync();
        if (script.ExitCode != 0)
        {
            throw new InvalidOperationException($"targets.sh {action} {kind} failed ({script.ExitCode}); logs in {state}");
        }
    }
}
