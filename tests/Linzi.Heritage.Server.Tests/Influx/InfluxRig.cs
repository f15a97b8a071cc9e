using System.Globalization;
using System.Text.Json;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Influx;

/// <summary>
/// A real InfluxDB 1.6 (Debian's influxd) behind the nginx v2-write shim, started by tests/services/influxdb.sh in a
/// unique folder on free ports, and stopped afterwards. Each test gets its own server, since outage tests stop it.
/// </summary>
public sealed class InfluxRig : IAsyncDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "linzi-influx-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new();

    private InfluxRig()
    {
    }

    public Uri Url { get; private set; } = null!;

    public string Bucket { get; } = "heritage_test";

    public static async Task<InfluxRig> StartAsync()
    {
        var rig = new InfluxRig();
        await rig.ControlAsync("start");
        var env = File.ReadAllLines(Path.Combine(rig._state, "influx.env"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim('"'));
        rig.Url = new Uri(env["LINZI_TEST_INFLUX_URL"]);
        rig._http.BaseAddress = rig.Url;
        return rig;
    }

    /// <summary>Server settings that select this InfluxDB.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["TimeSeries:Provider"] = "InfluxDb",
        ["InfluxDb:Url"] = Url.ToString(),
        ["InfluxDb:Bucket"] = Bucket,
        ["InfluxDb:Org"] = "linzi",
    };

    public Task StopInfluxdAsync() => ControlAsync("stop-influxd");

    public Task StartInfluxdAsync() => ControlAsync("start-influxd");

    /// <summary>Runs an InfluxQL statement and returns the first value of the first row, or null.</summary>
    public async Task<long?> ScalarAsync(string statement)
    {
        var json = await _http.GetStringAsync($"/query?db={Bucket}&q={Uri.EscapeDataString(statement)}", TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series))
        {
            return null;
        }

        return series[0].GetProperty("values")[0][1].GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await ControlAsync("stop");
        _http.Dispose();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // influxd may still be closing a file; the temp folder is cleaned by the OS.
        }
    }

    private async Task ControlAsync(string action)
    {
        var script = Path.Combine(ExternalProcess.RepositoryRoot, "tests", "services", "influxdb.sh");
        using var process = ExternalProcess.Start("bash", [script, action, _state]);
        var exit = await process.WaitForExitAsync();
        Assert.True(exit == 0, $"influxdb.sh {action} failed ({exit.ToString(CultureInfo.InvariantCulture)}): {process.Errors}");
    }
}
