using System.Globalization;
using System.Text.Json;

namespace Linzi.Heritage.Bench;

/// <summary>How far a target has got with what it was sent.</summary>
internal interface IStoreCounter : IDisposable
{
    /// <summary>Messages stored so far (a reading object per message), and whether nothing is still on its way in.</summary>
    Task<(long Stored, bool Idle)> ReadAsync();
}

/// <summary>The bare broker: its interceptor's count of publishes (nothing to store, so the PUBACK is the end).</summary>
internal sealed class BrokerCounter(Uri countUrl) : IStoreCounter
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    public async Task<(long, bool)> ReadAsync() => (long.Parse(await _http.GetStringAsync(countUrl), CultureInfo.InvariantCulture), true);
}

/// <summary>The peer: points in InfluxDB's <c>bench..telemetry</c>, one per message (Node-RED writes each reading object as a point).</summary>
internal sealed class InfluxCounter(Uri influx) : IStoreCounter
{
    private readonly HttpClient _http = new() { BaseAddress = influx };

    public void Dispose() => _http.Dispose();

    public async Task<(long, bool)> ReadAsync()
    {
        var query = Uri.EscapeDataString("SELECT count(rh_pct) FROM telemetry");
        using var answer = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"/query?db=bench&q={query}", UriKind.Relative)));
        var result = answer.RootElement.GetProperty("results")[0];
        // No series yet: nothing written so far.
        return result.TryGetProperty("series", out var series) ? (series[0].GetProperty("values")[0][1].GetInt64(), true) : (0, true);
    }
}
