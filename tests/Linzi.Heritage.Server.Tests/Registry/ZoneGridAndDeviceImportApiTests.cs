using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Server.Tests.Registry.Import;

namespace Linzi.Heritage.Server.Tests.Registry;

/// <summary>The zone import, grid generation and bulk device endpoints over real HTTP, on the demo registry.</summary>
public sealed class ZoneGridAndDeviceImportApiTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ZoneImport_DryRunChangesNothing_ThenApplyReplacesTheSitesZones()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("bureau");
        var before = await client.GetStringAsync("/api/zones", Token);

        using var dry = await PostGeoJsonAsync(client, "/api/zones/import?siteId=horse-pit&dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        using var diff = JsonDocument.Parse(await dry.Content.ReadAsStringAsync(Token));
        Assert.Equal(["xunma-control", "xunma-protection"], Ids(diff.RootElement.GetProperty("added")));
        Assert.Equal(["horse-pit-control", "horse-pit-protection"], Ids(diff.RootElement.GetProperty("removed")));
        Assert.Equal(2, diff.RootElement.GetProperty("features").GetProperty("features").GetArrayLength());
        Assert.Equal(before, await client.GetStringAsync("/api/zones", Token));

        using var applied = await PostGeoJsonAsync(client, "/api/zones/import?siteId=horse-pit&dryRun=false");
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        using var zones = JsonDocument.Parse(await client.GetStringAsync("/api/zones", Token));
        var horsePit = zones.RootElement.GetProperty("features").EnumerateArray()
            .Where(f => f.GetProperty("properties").GetProperty("siteId").GetString() == "horse-pit")
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["xunma-control", "xunma-protection"], horsePit);
    }

    [Fact]
    public async Task ZoneImport_GaussKrugerShapefile_MatchesTheGeoJsonWithinTolerance()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("bureau");
        using var first = await PostGeoJsonAsync(client, "/api/zones/import?siteId=horse-pit&dryRun=false");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(ZoneFixtures.Bytes("xunma-zones-gk39.zip")), "file", "xunma-zones-gk39.zip" } };
        using var shapefile = await client.PostAsync("/api/zones/import?siteId=horse-pit&dryRun=true", form, Token);

        Assert.Equal(HttpStatusCode.OK, shapefile.StatusCode);
        using var diff = JsonDocument.Parse(await shapefile.Content.ReadAsStringAsync(Token));
        Assert.Equal("Shapefile", diff.RootElement.GetProperty("format").GetString());
        // The same surveyed zones, reprojected from CGCS2000 / 3° Gauss-Krüger zone 39: nothing differs beyond the tolerance.
        Assert.Equal(0, diff.RootElement.GetProperty("added").GetArrayLength() + diff.RootElement.GetProperty("changed").GetArrayLength() + diff.RootElement.GetProperty("removed").GetArrayLength());
    }

    [Fact]
    public async Task ZoneImport_BadInput_IsRefusedNamingTheProblem_AndChangesNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("bureau");
        var before = await client.GetStringAsync("/api/zones", Token);
        const string bowTie = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"bow","kind":"protection","name":"x"},
             "geometry":{"type":"Polygon","coordinates":[[[118.366,36.874],[118.368,36.876],[118.368,36.874],[118.366,36.876],[118.366,36.874]]]}}]}
            """;

        using var invalid = await client.PostAsync("/api/zones/import?siteId=horse-pit&dryRun=false", new StringContent(bowTie, Encoding.UTF8, "application/json"), Token);
        using var broken = await client.PostAsync("/api/zones/import?siteId=horse-pit&dryRun=false", new StringContent("{\"type\":", Encoding.UTF8, "application/json"), Token);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(ZoneFixtures.Bytes("xunma-zones-xian80.zip")), "file", "xunma-zones-xian80.zip" } };
        using var unknownProjection = await client.PostAsync("/api/zones/import?siteId=horse-pit&dryRun=false", form, Token);
        using var foreignId = await client.PostAsync("/api/zones/import?siteId=smelting-site&dryRun=false", new StringContent(
            """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"horse-pit-protection","kind":"protection"},"geometry":{"type":"Polygon","coordinates":[[[118.33,36.86],[118.331,36.86],[118.331,36.861],[118.33,36.86]]]}}]}""",
            Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Self-intersection", await invalid.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Contains("features[0].geometry", await invalid.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownProjection.StatusCode);
        Assert.Contains("Unknown projection", await unknownProjection.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, foreignId.StatusCode);
        Assert.Equal(before, await client.GetStringAsync("/api/zones", Token));
    }

    [Fact]
    public async Task GridGeneration_DryRunPreviews_ThenCreatesCellsThatAreGaps()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("bureau");
        var request = new { siteId = "horse-pit", sizeM = 100, prefix = "hp", clip = true, dryRun = true };

        using var preview = await client.PostAsJsonAsync("/api/grid-cells/generate", request, Token);
        using var previewCells = JsonDocument.Parse(await preview.Content.ReadAsStringAsync(Token));
        var previewIds = previewCells.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("id").GetString()).ToList();
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.NotEmpty(previewIds);
        Assert.All(previewIds, id => Assert.Matches("^hp-r[0-9]+c[0-9]+$", id));
        Assert.DoesNotContain("hp-r", await client.GetStringAsync("/api/grid-cells", Token), StringComparison.Ordinal);

        using var created = await client.PostAsJsonAsync("/api/grid-cells/generate", request with { dryRun = false }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var cells = JsonDocument.Parse(await client.GetStringAsync("/api/grid-cells", Token));
        var generated = cells.RootElement.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("properties").GetProperty("id").GetString()!.StartsWith("hp-r", StringComparison.Ordinal)).ToList();
        Assert.Equal(previewIds.Order(StringComparer.Ordinal), generated.Select(f => f.GetProperty("properties").GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(generated, f => Assert.True(f.GetProperty("properties").GetProperty("gap").GetBoolean()));

        using var tooSmall = await client.PostAsJsonAsync("/api/grid-cells/generate", request with { sizeM = 1 }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.StatusCode);
        Assert.Contains("sizeM", await tooSmall.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceImport_ReportsEveryBadRow_ThenProvisionsAllWithSecretsThatConnect()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("maintenance");
        const string bad = "id,siteId,kind,lat,lon\nnew-a,horse-pit,vibration,36.875,118.367\nnew-a,nowhere,vibration,99,118\nhp-vib-01,horse-pit,vibration,36.87,118.36\n";
        const string good = "id,siteId,kind,lat,lon,name,metrics\nnew-a,horse-pit,vibration,36.875,118.367,东侧振动,\nnew-b,horse-pit,climate,36.875,118.367,,temp_c;rh_pct\n";

        using var refused = await PostCsvAsync(client, "/api/devices/import?dryRun=false", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync(Token);
        Assert.Contains("line 3: id", problem, StringComparison.Ordinal); // the duplicate
        Assert.Contains("line 4: id", problem, StringComparison.Ordinal); // already provisioned
        Assert.DoesNotContain("new-a", await client.GetStringAsync("/api/devices", Token), StringComparison.Ordinal);

        using var imported = await PostCsvAsync(client, "/api/devices/import?dryRun=false", good);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        using var answer = JsonDocument.Parse(await imported.Content.ReadAsStringAsync(Token));
        var secrets = answer.RootElement.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("secret").GetString()!);
        Assert.Equal(["new-a", "new-b"], secrets.Keys.Order(StringComparer.Ordinal));
        var (mqtt, result) = await app.TryConnectDeviceAsync("new-b", secrets["new-b"]);
        using (mqtt)
        {
            Assert.Equal(MQTTnet.MqttClientConnectResultCode.Success, result.ResultCode);
        }
    }

    private static async Task<HttpResponseMessage> PostGeoJsonAsync(HttpClient client, string url) =>
        await client.PostAsync(url, new ByteArrayContent(ZoneFixtures.Bytes("xunma-zones.geojson")) { Headers = { ContentType = new MediaTypeHeaderValue("application/geo+json") } }, Token);

    private static async Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string url, string csv) =>
        await client.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"), Token);

    private static List<string?> Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    public void Dispose() => _data.Dispose();
}
