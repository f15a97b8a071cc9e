using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;

namespace Linzi.Heritage.Bench;

/// <summary>
/// The Linzi server's HTTP API as the harness uses it: ingestion stats, bulk provisioning, the bench rule. Tokens
/// last 15 minutes and a full run is longer, so it signs in again every 10 minutes. A scaled target has several
/// instances: provisioning and sign-in go to the first, and what is stored is summed over all of them (each ingests
/// the share of the stream the broker gives it).
/// </summary>
internal sealed class SystemApi(Uri api, IReadOnlyList<Uri>? instances = null) : IStoreCounter
{
    private readonly HttpClient _http = new() { BaseAddress = api };
    private readonly List<HttpClient> _instances = [.. (instances ?? [api]).Select(uri => new HttpClient { BaseAddress = uri })];
    private long? _signedInAt;

    public Uri Url => api;

    public void Dispose()
    {
        _http.Dispose();
        _instances.ForEach(instance => instance.Dispose());
    }

    public async Task<string> TokenAsync(string user)
    {
        var response = await _http.PostAsJsonAsync("/api/auth/token", new TokenRequest(user, "linzi-demo"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
    }

    /// <summary>Accepted readings, and idle once every journal consumer (time series, rules, ...) has caught up.</summary>
    public async Task<(long Stored, bool Idle)> ReadAsync()
    {
        await SignInAsync();
        var (stored, idle) = (0L, true);
        foreach (var instance in _instances)
        {
            using var stats = JsonDocument.Parse(await instance.GetStringAsync(new Uri("/api/ingestion/stats", UriKind.Relative)));
            idle &= stats.RootElement.GetProperty("consumers").EnumerateObject().All(c => c.Value.GetProperty("backlog").GetInt64() == 0);
            stored += stats.RootElement.GetProperty("accepted").GetInt64();
        }

        return (stored, idle);
    }

    /// <summary>
    /// Provisions climate devices at the horse pit through <c>POST /api/devices/import</c> (CSV, up to 5,000 rows a
    /// request): one request per few thousand devices instead of one each.
    /// </summary>
    public async Task<List<BenchDevice>> ProvisionAsync(string prefix, int count)
    {
        await SignInAsync();
        var devices = new List<BenchDevice>(count);
        for (var first = 0; first < count; first += 5000)
        {
            var csv = new StringBuilder("id,siteId,kind,lat,lon,name,metrics\n");
            for (var i = first; i < Math.Min(count, first + 5000); i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{prefix}-{i:D5},horse-pit,climate,36.8751,118.368,,temp_c;rh_pct\n");
            }

            using var body = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
            using var response = await _http.PostAsync(new Uri("/api/devices/import?dryRun=false", UriKind.Relative), body);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"device import failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            devices.AddRange(report.RootElement.GetProperty("devices").EnumerateArray()
                .Select(d => new BenchDevice(d.GetProperty("id").GetString()!, d.GetProperty("secret").GetString()!)));
        }

        return devices;
    }

    private async Task SignInAsync()
    {
        if (_signedInAt is { } at && Stopwatch.GetElapsedTime(at) < TimeSpan.FromMinutes(10))
        {
            return;
        }

        // One token for every instance: a scaled target's instances share the signing key.
        var bearer = new AuthenticationHeaderValue("Bearer", await TokenAsync("maintenance"));
        foreach (var client in _instances.Prepend(_http))
        {
            client.DefaultRequestHeaders.Authorization = bearer;
        }

        _signedInAt = Stopwatch.GetTimestamp();
    }
}
