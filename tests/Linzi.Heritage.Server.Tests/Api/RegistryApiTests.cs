using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Api;

public sealed class RegistryApiTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Sites_ListTheLinziSitesWithNamesLevelAndCentroid()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("inspector-01");

        using var sites = JsonDocument.Parse(await client.GetStringAsync("/api/sites", TestContext.Current.CancellationToken));

        var pit = sites.RootElement.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "horse-pit");
        Assert.Equal("东周殉马坑", pit.GetProperty("name").GetProperty("zh").GetString());
        Assert.Equal("national", pit.GetProperty("protectionLevel").GetString());
        Assert.Equal(36.8751, pit.GetProperty("centroid").GetProperty("lat").GetDouble(), 3);
        Assert.Equal(
            ["drainage-outlet", "horse-pit", "museum-store", "qi-capital", "smelting-site"],
            sites.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ZonesAndCells_AreGeoJsonFeatureCollections()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("bureau");

        using var zones = JsonDocument.Parse(await client.GetStringAsync("/api/zones", TestContext.Current.CancellationToken));
        using var cells = JsonDocument.Parse(await client.GetStringAsync("/api/grid-cells", TestContext.Current.CancellationToken));

        Assert.Equal("FeatureCollection", zones.RootElement.GetProperty("type").GetString());
        var kinds = zones.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("kind").GetString()).Distinct().Order();
        Assert.Equal(["construction_control", "protection"], kinds);
        var zone = zones.RootElement.GetProperty("features")[0];
        Assert.Equal("Polygon", zone.GetProperty("geometry").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(zone.GetProperty("properties").GetProperty("siteId").GetString()));

        var cell = cells.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetString() == "qd-r1c5");
        Assert.Equal("inspector-03", cell.GetProperty("properties").GetProperty("inspector").GetString());
        Assert.Equal(
            ["inspector-03", "chief-heyatou", "chief-qidu", "chief-linzi"],
            cell.GetProperty("properties").GetProperty("chain").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Devices_DemoHasThirtyOrMoreOfVariedKinds()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("bureau");

        var devices = await client.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken);

        Assert.True(devices!.Count >= 30);
        Assert.Superset(
            new HashSet<string> { "vibration", "ground_sound", "pir", "crack", "tilt", "climate", "water_level", "gnss" },
            devices.Select(d => d.Kind).ToHashSet());
        Assert.All(devices.Where(d => !d.Mobile), d => Assert.NotNull(d.CellId));
    }

    [Fact]
    public async Task Provision_BadFieldsOrDuplicate_AreRefusedClearly()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("maintenance");

        using var bad = await client.PostAsJsonAsync("/api/devices", new ProvisionDeviceRequest("a/b", "atlantis", "vibration", 91, 118.3, ["Bad Metric"]), TestContext.Current.CancellationToken);
        using var malformed = await client.PostAsync("/api/devices", new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var duplicate = await client.PostAsJsonAsync("/api/devices", new ProvisionDeviceRequest("hp-vib-01", "horse-pit", "vibration", 36.875, 118.368, null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["id", "lat", "metrics", "siteId"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Provision_SecretIsShownOnceAndStoredHashed()
    {
        await using var app = new HeritageApp(_data.Path);
        var secret = await app.ProvisionAsync("new-tilt-01", "qi-capital", "tilt", 36.86, 118.3745);

        using var client = await app.ClientAsAsync("bureau");
        var listed = await client.GetStringAsync("/api/devices", TestContext.Current.CancellationToken);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var stateFile = await File.ReadAllBytesAsync(Path.Combine(_data.Path, "heritage.db"), TestContext.Current.CancellationToken);
        var walFile = Path.Combine(_data.Path, "heritage.db-wal");
        var wal = File.Exists(walFile) ? await File.ReadAllBytesAsync(walFile, TestContext.Current.CancellationToken) : [];

        Assert.True(secret.Length >= 32);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(stateFile), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(wal), StringComparison.Ordinal);
        using var device = await app.ConnectDeviceAsync("new-tilt-01", secret);
        Assert.True(device.IsConnected);
    }

    [Fact]
    public async Task Health_LivenessAndReadinessAnswerAnonymously()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var live = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        using var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz", TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.RootElement.GetProperty("status").GetString());
        // The reasons (broker address, journal position) are for signed-in users only (issue 15).
        Assert.False(ready.RootElement.TryGetProperty("checks", out _));
        using var bureau = await app.ClientAsAsync("bureau");
        using var detailed = JsonDocument.Parse(await bureau.GetStringAsync("/readyz", TestContext.Current.CancellationToken));
        Assert.Equal(["broker", "faults", "stores"], detailed.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name).Order());
    }

    public void Dispose() => _data.Dispose();
}
