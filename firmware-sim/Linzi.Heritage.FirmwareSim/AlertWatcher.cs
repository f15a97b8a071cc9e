using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Hub;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>Counts the alerts the server raised for the simulated devices since the run began (through the public API).</summary>
internal sealed class AlertWatcher(HttpClient http, HashSet<string> devices, long baseline)
{
    public static async Task<AlertWatcher> StartAsync(HttpClient http, IEnumerable<string> devices, CancellationToken cancellationToken)
    {
        var latest = await http.GetFromJsonAsync<List<AlertDto>>("/api/alerts?limit=1", cancellationToken);
        return new AlertWatcher(http, [.. devices], latest?.FirstOrDefault()?.Sequence ?? 0);
    }

    /// <summary>"3 (red 1, orange 2)", or "unavailable" when the API does not answer.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var alerts = (await http.GetFromJsonAsync<List<AlertDto>>($"/api/alerts?afterSeq={baseline}&limit=5000", cancellationToken) ?? [])
                .Where(a => devices.Contains(a.DeviceId))
                .ToList();
            return alerts.Count == 0
                ? "0"
                : $"{alerts.Count} ({string.Join(", ", alerts.GroupBy(a => a.Severity).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))})";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return "unavailable";
        }
    }
}
