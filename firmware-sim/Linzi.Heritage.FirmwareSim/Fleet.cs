using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Vocabulary;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// Which devices run, and with which secrets: the registered ones (the demo's, with the demo secret), secrets read
/// from a credentials file, or a generated fleet of N devices provisioned through the API over a site's area.
/// </summary>
public static class Fleet
{
    // Generated devices stand still around the site's centre, so every fixed kind and no tracker.
    private static readonly string[] Kinds = [.. DeviceKinds.All.Where(k => !DeviceKinds.IsMobile(k))];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The devices to run and their secrets (null: the default device secret).</summary>
    public static async Task<IReadOnlyList<(DeviceDto Device, string? Secret)>> SelectAsync(HttpClient http, SimOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var secrets = Load(options.CredentialsFile);
        if (options.Generate > 0)
        {
            await GenerateAsync(http, options, secrets, output, cancellationToken);
        }

        var registered = await http.GetFromJsonAsync<List<DeviceDto>>("/api/devices", cancellationToken) ?? [];
        var prefix = options.Generate > 0 ? GeneratedPrefix(options) : options.DevicePrefix;
        return [.. registered
            .Where(d => prefix is null || d.Id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(d => (d, secrets.TryGetValue(d.Id, out var secret) ? secret : null))];
    }

    private static string GeneratedPrefix(SimOptions options) => $"gen-{options.GenerateSite ?? "horse-pit"}-";

    private static async Task GenerateAsync(
        HttpClient http, SimOptions options, Dictionary<string, string> secrets, TextWriter output, CancellationToken cancellationToken)
    {
        var siteId = options.GenerateSite ?? "horse-pit";
        var sites = await http.GetFromJsonAsync<List<JsonElement>>("/api/sites", cancellationToken) ?? [];
        var site = sites.FirstOrDefault(s => s.GetProperty("id").GetString() == siteId);
        if (site.ValueKind == JsonValueKind.Undefined)
        {
            throw new InvalidOperationException($"No site '{siteId}'.");
        }

        var centroid = site.GetProperty("centroid");
        var (lat, lon) = (centroid.GetProperty("lat").GetDouble(), centroid.GetProperty("lon").GetDouble());
        var random = new Random(options.Seed);
        var created = 0;
        var throttle = new SemaphoreSlim(16);
        var tasks = Enumerable.Range(1, options.Generate).Select(async i =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{GeneratedPrefix(options)}{i:D5}");
            double dLat, dLon;
            lock (random)
            {
                // Within about 500 m of the site's centre.
                (dLat, dLon) = ((random.NextDouble() - 0.5) * 0.009, (random.NextDouble() - 0.5) * 0.011);
            }

            await throttle.WaitAsync(cancellationToken);
            try
            {
                using var response = await http.PostAsJsonAsync(
                    "/api/devices", new ProvisionDeviceRequest(id, siteId, Kinds[i % Kinds.Length], lat + dLat, lon + dLon, null, $"generated {i}"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    return; // provisioned by an earlier run; its secret comes from the credentials file
                }

                response.EnsureSuccessStatusCode();
                var answer = await response.Content.ReadFromJsonAsync<ProvisionDeviceResponse>(cancellationToken);
                lock (secrets)
                {
                    secrets[id] = answer!.Secret;
                    created++;
                }
            }
            finally
            {
                throttle.Release();
            }
        });
        await Task.WhenAll(tasks);
        throttle.Dispose();
        await output.WriteLineAsync($"Provisioned {created} new devices at {siteId} ({options.Generate - created} existed).");
        if (options.CredentialsFile is { } file && created > 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(secrets, Json), cancellationToken);
            await output.WriteLineAsync($"Their secrets are in {file}; keep it to run them again.");
        }
    }

    private static Dictionary<string, string> Load(string? file) =>
        file is not null && File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? []
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
