using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary>
/// A real installation from an empty data directory with the demo off, driven only through the public interfaces of
/// /work/shared/CONTRACT.md and third-party clients: the server as its own process, <c>init-admin</c> on the command
/// line, the HTTP API with raw JSON, the official npm SignalR client and <c>mosquitto_pub</c>.
/// </summary>
public sealed class FirstRunInstallationTests : IDisposable
{
    private const string Site = "test-site";
    private const string Device = "ts-vib-01";
    private const string Rule = "ts-vibration";

    // A protection zone of about 450 m × 360 m near the contract's example coordinates.
    private const double South = 36.858, North = 36.862, West = 118.348, East = 118.352;

    private readonly TempDirectory _data = new();
    private readonly List<IDisposable> _disposables = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmptyDataDirectory_DemoOff_InitAdminToAlertOverNpmSignalRAndMosquitto()
    {
        Directory.CreateDirectory(_data.Path);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_data.Path));
        string[] common = [$"--Storage:DataDirectory={_data.Path}", "--Demo:Enabled=false"];

        // 1. init-admin on the empty data directory, then the server on ephemeral ports.
        string adminPassword;
        using (var init = ServerProcess.Run([InitAdminCommand.Name, "admin", .. common]))
        {
            adminPassword = (await init.WaitForLineAsync(l => l.StartsWith("    ", StringComparison.Ordinal), "init-admin password")).Trim();
            Assert.True(await init.WaitForExitAsync() == 0, "init-admin failed: " + init.Errors);
        }

        var http = new Uri($"http://127.0.0.1:{HeritageApp.FreePort()}");
        var mqttPort = HeritageApp.FreePort();
        Track(ServerProcess.Run([$"--urls={http}", $"--Mqtt:Port={mqttPort}", .. common]));
        var anonymous = Track(new HttpClient { BaseAddress = http });
        await HeritageApp.WaitUntilReadyAsync(anonymous);

        // 2. The first sign-in must change the password; until then every other endpoint answers 403 (a problem).
        var first = await TokenAsync(anonymous, "admin", adminPassword);
        Assert.Equal("bureau", first.GetProperty("role").GetString());
        Assert.True(first.GetProperty("mustChangePassword").GetBoolean(), first.ToString());
        using (var forced = Client(http, first.GetProperty("access_token").GetString()!))
        using (var blocked = await forced.GetAsync("/api/sites", Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        }

        var bureau = await ChangeAndSignInAsync(anonymous, http, "admin", adminPassword, "Tiao-shan spring 2026 zibo");

        // 3. The other roles, each changing its temporary password before use.
        var maintenance = await CreateUserAsync(bureau, anonymous, http, "ts.maint", "测试运维", "maintenance");
        var inspectorToken = await CreateUserTokenAsync(bureau, anonymous, "ts.inspector", "测试网格员", "inspector");
        var chief = Track(Client(http, await CreateUserTokenAsync(bureau, anonymous, "ts.chief", "测试村长", "chief")));
        using (var chiefSites = await chief.GetAsync("/api/sites", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, chiefSites.StatusCode); // Changed passwords lift the 403.
        }

        // 4. The site.
        await ExpectAsync(HttpStatusCode.Created, bureau.PostAsync("/api/sites", Json(new JsonObject
        {
            ["id"] = Site,
            ["name"] = "测试遗址",
            ["nameEn"] = "Test Site",
            ["protectionLevel"] = "national",
            ["materials"] = new JsonArray("rammed_earth", "bone"),
            ["responsibleChief"] = "ts.chief",
        }), Cancel));

        // 5. Its protection zone: a dry run names it and changes nothing; the real import applies it.
        var zones = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(new JsonObject
            {
                ["type"] = "Feature",
                ["properties"] = new JsonObject { ["id"] = "ts-protection", ["kind"] = "protection", ["name"] = "测试保护范围" },
                ["geometry"] = new JsonObject
                {
                    ["type"] = "Polygon",
                    ["coordinates"] = new JsonArray(new JsonArray(
                        Point(West, South), Point(East, South), Point(East, North), Point(West, North), Point(West, South))),
                },
            }),
        };
        var dry = await ExpectAsync(HttpStatusCode.OK, bureau.PostAsync($"/api/zones/import?siteId={Site}&dryRun=true", Json(zones), Cancel));
        Assert.Equal(["ts-protection"], Ids(dry.GetProperty("added")));
        Assert.Empty(Ids(dry.GetProperty("changed")));
        Assert.Empty(Ids(dry.GetProperty("removed")));
        Assert.DoesNotContain("ts-protection", await bureau.GetStringAsync("/api/zones", Cancel), StringComparison.Ordinal);
        var applied = await ExpectAsync(HttpStatusCode.OK, bureau.PostAsync($"/api/zones/import?siteId={Site}&dryRun=false", Json(zones), Cancel));
        Assert.Equal(["ts-protection"], Ids(applied.GetProperty("added")));
        var zoneList = JsonDocument.Parse(await bureau.GetStringAsync("/api/zones", Cancel)).RootElement;
        var zone = Assert.Single(zoneList.GetProperty("features").EnumerateArray()).GetProperty("properties");
        Assert.Equal("ts-protection", zone.GetProperty("id").GetString());
        Assert.Equal("protection", zone.GetProperty("kind").GetString());
        Assert.Equal(Site, zone.GetProperty("siteId").GetString());

        // 6. A 100 m grid clipped to the site, and one cell assigned to the inspector under the chief.
        var grid = await ExpectAsync(HttpStatusCode.OK, bureau.PostAsync("/api/grid-cells/generate", Json(new JsonObject
        {
            ["siteId"] = Site, ["sizeM"] = 100, ["prefix"] = "ts", ["clip"] = true, ["dryRun"] = false,
        }), Cancel), HttpStatusCode.Created);
        var cells = grid.GetProperty("features").EnumerateArray().ToList();
        Assert.True(cells.Count >= 6, $"a ~450 m × 360 m zone in 100 m cells gave {cells.Count} cells");
        var (cellId, lat, lon) = InteriorCell(cells);
        var assigned = await ExpectAsync(HttpStatusCode.OK, bureau.PostAsync("/api/grid-cells/assign", Json(new JsonObject
        {
            ["cellIds"] = new JsonArray(cellId), ["inspector"] = "ts.inspector", ["chiefs"] = new JsonArray("ts.chief"),
        }), Cancel));
        Assert.Single(assigned.GetProperty("features").EnumerateArray());
        var listed = JsonDocument.Parse(await bureau.GetStringAsync("/api/grid-cells", Cancel)).RootElement.GetProperty("features")
            .EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetString() == cellId).GetProperty("properties");
        Assert.Equal("ts.inspector", listed.GetProperty("inspector").GetString());
        Assert.Equal(["ts.inspector", "ts.chief"], Ids(listed.GetProperty("chain")));

        // 7. The contract's minimal threshold rule, for this site.
        await ExpectAsync(HttpStatusCode.Created, bureau.PostAsync("/api/rules", Json(new JsonObject
        {
            ["id"] = Rule, ["name"] = "测试振动", ["severity"] = "red",
            ["scope"] = new JsonObject { ["siteIds"] = new JsonArray(Site), ["zoneKinds"] = new JsonArray("protection") },
            ["condition"] = new JsonObject { ["metric"] = "ppv_mm_s", ["op"] = ">", ["value"] = 0.25 },
        }), Cancel), HttpStatusCode.OK);

        // 8. Maintenance provisions a vibration sensor in that cell and zone.
        var provisioned = await ExpectAsync(HttpStatusCode.Created, maintenance.PostAsync("/api/devices", Json(new JsonObject
        {
            ["id"] = Device, ["siteId"] = Site, ["kind"] = "vibration", ["lat"] = lat, ["lon"] = lon,
            ["metrics"] = new JsonArray("ppv_mm_s", "freq_hz"),
        }), Cancel), HttpStatusCode.OK);
        Assert.Equal(Device, provisioned.GetProperty("id").GetString());
        var secret = provisioned.GetProperty("secret").GetString();
        Assert.False(string.IsNullOrEmpty(secret));
        var device = JsonDocument.Parse(await maintenance.GetStringAsync("/api/devices", Cancel)).RootElement.EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == Device);
        Assert.Equal(cellId, device.GetProperty("cellId").GetString());

        // 9. The inspector listens with the official npm client, the token in the access_token query parameter.
        var listener = Track(ExternalProcess.Start("node", ["hub-listen.mjs", new Uri(http, "hubs/monitor").ToString(), inspectorToken, "1"],
            Path.Combine(ExternalProcess.RepositoryRoot, "tests", "node")));
        await listener.WaitForLineAsync(l => l.Contains("\"connected\"", StringComparison.Ordinal), "hub connection");

        // 10. The device publishes with mosquitto_pub, QoS 1.
        var (published, publishErrors) = await MosquittoPubAsync(mqttPort, Device, secret!, $"heritage/{Site}/{Device}/telemetry", """{"readings":{"ppv_mm_s":0.9}}""");
        Assert.True(published == 0, $"mosquitto_pub exited {published}: {publishErrors}");

        // 11. The inspector's npm client gets the alert of their cell.
        var line = await listener.WaitForLineAsync(l => l.Contains("\"AlertRaised\"", StringComparison.Ordinal), "AlertRaised");
        var alert = JsonDocument.Parse(line).RootElement.GetProperty("body");
        Assert.Equal(Rule, alert.GetProperty("ruleId").GetString());
        Assert.Equal(Device, alert.GetProperty("deviceId").GetString());
        Assert.Equal(Site, alert.GetProperty("siteId").GetString());
        Assert.Equal(cellId, alert.GetProperty("cellId").GetString());
        Assert.Equal("red", alert.GetProperty("severity").GetString());
        Assert.Equal("open", alert.GetProperty("state").GetString());
        Assert.Equal("ppv_mm_s", alert.GetProperty("metric").GetString());
        Assert.Equal(0.9, alert.GetProperty("value").GetDouble());
        Assert.Equal(0, await listener.WaitForExitAsync());

        // Nothing of the demo exists.
        var sites = JsonDocument.Parse(await bureau.GetStringAsync("/api/sites", Cancel)).RootElement.EnumerateArray();
        Assert.Equal([Site], sites.Select(s => s.GetProperty("id").GetString()));
        var users = JsonDocument.Parse(await bureau.GetStringAsync("/api/users", Cancel)).RootElement.EnumerateArray();
        Assert.Equal(["admin", "ts.chief", "ts.inspector", "ts.maint"], users.Select(u => u.GetProperty("username").GetString()).Order(StringComparer.Ordinal));
        using (var demoUser = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "bureau", password = HeritageApp.DemoPassword }, Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, demoUser.StatusCode);
        }

        // The same client and broker that just took ts-vib-01's reading refuse a demo device's credentials.
        var (demoDevice, demoErrors) = await MosquittoPubAsync(mqttPort, "hp-vib-01", HeritageApp.DemoDeviceSecret, "heritage/horse-pit/hp-vib-01/telemetry", """{"readings":{"ppv_mm_s":0.9}}""");
        Assert.True(demoDevice != 0, "a demo device connected: " + demoErrors);
    }

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        _data.Dispose();
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static HttpClient Client(Uri http, string token)
    {
        var client = new HttpClient { BaseAddress = http };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonArray Point(double lon, double lat) => new(lon, lat);

    private static List<string?> Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    /// <summary>Awaits a response, checks its status (any of those given) and returns its JSON body.</summary>
    private static async Task<JsonElement> ExpectAsync(HttpStatusCode expected, Task<HttpResponseMessage> request, params HttpStatusCode[] alsoAccepted)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(
            response.StatusCode == expected || alsoAccepted.Contains(response.StatusCode),
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> TokenAsync(HttpClient anonymous, string username, string password) =>
        await ExpectAsync(HttpStatusCode.OK, anonymous.PostAsJsonAsync("/api/auth/token", new { username, password }, Cancel));

    /// <summary>Changes a temporary password (204) and signs in with the new one, which no longer must change.</summary>
    private static async Task<string> ChangeAndSignInTokenAsync(HttpClient anonymous, Uri http, string username, string temporary, string chosen)
    {
        var token = await TokenAsync(anonymous, username, temporary);
        Assert.True(token.GetProperty("mustChangePassword").GetBoolean(), $"{username}: {token}");
        using (var client = Client(http, token.GetProperty("access_token").GetString()!))
        using (var changed = await client.PostAsJsonAsync("/api/auth/password", new { currentPassword = temporary, newPassword = chosen }, Cancel))
        {
            Assert.True(changed.StatusCode == HttpStatusCode.NoContent, $"{username}: password change answered {(int)changed.StatusCode}: {await changed.Content.ReadAsStringAsync(Cancel)}");
        }

        using (var old = await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password = temporary }, Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        var again = await TokenAsync(anonymous, username, chosen);
        Assert.False(again.TryGetProperty("mustChangePassword", out var must) && must.ValueKind == JsonValueKind.True, $"{username}: {again}");
        return again.GetProperty("access_token").GetString()!;
    }

    private async Task<HttpClient> ChangeAndSignInAsync(HttpClient anonymous, Uri http, string username, string temporary, string chosen) =>
        Track(Client(http, await ChangeAndSignInTokenAsync(anonymous, http, username, temporary, chosen)));

    private static async Task<string> CreateUserTokenAsync(HttpClient bureau, HttpClient anonymous, string username, string displayName, string role)
    {
        var created = await ExpectAsync(HttpStatusCode.Created, bureau.PostAsJsonAsync(
            "/api/users", new { username, displayName, role, phone = "13912345678" }, Cancel));
        Assert.Equal(username, created.GetProperty("username").GetString());
        var temporary = created.GetProperty("temporaryPassword").GetString()!;
        return await ChangeAndSignInTokenAsync(anonymous, bureau.BaseAddress!, username, temporary, "Zibo river autumn " + Guid.NewGuid().ToString("N")[..8]);
    }

    private async Task<HttpClient> CreateUserAsync(HttpClient bureau, HttpClient anonymous, Uri http, string username, string displayName, string role) =>
        Track(Client(http, await CreateUserTokenAsync(bureau, anonymous, username, displayName, role)));

    /// <summary>A cell that the clip left whole (a plain quadrilateral), with the mean of its corners.</summary>
    private static (string Id, double Lat, double Lon) InteriorCell(List<JsonElement> cells)
    {
        var whole = cells
            .Select(c => (Id: c.GetProperty("properties").GetProperty("id").GetString()!, Ring: c.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray().ToList()))
            .Where(c => c.Ring.Count == 5)
            .Select(c => (c.Id, Lat: c.Ring.Take(4).Average(p => p[1].GetDouble()), Lon: c.Ring.Take(4).Average(p => p[0].GetDouble())))
            .Where(c => c.Lat is > South and < North && c.Lon is > West and < East)
            .ToList();
        Assert.NotEmpty(whole);
        return whole.OrderBy(c => Math.Abs(c.Lat - ((South + North) / 2)) + Math.Abs(c.Lon - ((West + East) / 2))).First();
    }

    private static async Task<(int Exit, string Errors)> MosquittoPubAsync(int port, string user, string secret, string topic, string payload)
    {
        using var process = ExternalProcess.Start("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", secret, "-q", "1", "-t", topic, "-m", payload]);
        var exit = await process.WaitForExitAsync();
        return (exit, process.Errors);
    }
}
