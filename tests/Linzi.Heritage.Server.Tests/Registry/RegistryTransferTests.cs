using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;

namespace Linzi.Heritage.Server.Tests.Registry;

/// <summary>
/// The registry as one document: export → import into a fresh installation → export is a fixed point, a dry run
/// changes nothing, bad documents are refused naming the entry, dropped devices are decommissioned, and the demo is
/// exactly its shipped document.
/// </summary>
public sealed class RegistryTransferTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _fresh = new();

    [Fact]
    public async Task Export_ImportIntoAFreshInstallation_ExportsTheSameBytes()
    {
        await using var source = new HeritageApp(_data.Path);
        using var bureau = await source.ClientAsAsync("bureau");

        // Life-cycle states and an unstaffed cell travel too.
        Assert.Equal(HttpStatusCode.OK, (await bureau.PostAsync("/api/devices/hp-pir-02/revoke", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.DeleteAsync("/api/devices/sm-pir-01", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.PutAsJsonAsync("/api/grid-cells/qd-r7c0", new { inspector = "" }, TestContext.Current.CancellationToken)).StatusCode);
        var exported = await ExportAsync(bureau);

        await using var target = FreshInstallation();
        using var admin = await target.ClientAsAsync("admin");
        using var empty = JsonDocument.Parse(await ExportAsync(admin));
        Assert.Equal(0, empty.RootElement.GetProperty("sites").GetArrayLength());

        using var imported = await ImportAsync(admin, exported, dryRun: false);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        using var result = JsonDocument.Parse(await imported.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(result.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(5, result.RootElement.GetProperty("diff").GetProperty("sites").GetProperty("added").GetArrayLength());
        var withoutSecret = result.RootElement.GetProperty("devicesWithoutSecret").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("hp-clim-01", withoutSecret);
        Assert.DoesNotContain("sm-pir-01", withoutSecret); // decommissioned: it will never connect again
        Assert.NotEmpty(result.RootElement.GetProperty("warnings").EnumerateArray()); // the demo's people have no accounts here

        var again = await ExportAsync(admin);
        Assert.Equal(Encoding.UTF8.GetString(exported), Encoding.UTF8.GetString(again));
        Assert.Equal(exported, again);

        var devices = (await admin.GetFromJsonAsync<List<DeviceDto>>("/api/devices?include=decommissioned", TestContext.Current.CancellationToken))!;
        Assert.Equal(DeviceStates.Revoked, devices.Single(d => d.Id == "hp-pir-02").State);
        Assert.Equal(DeviceStates.Decommissioned, devices.Single(d => d.Id == "sm-pir-01").State);

        // Importing it once more changes nothing.
        using var repeat = await ImportAsync(admin, again, dryRun: true);
        using var repeatResult = JsonDocument.Parse(await repeat.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.All(
            repeatResult.RootElement.GetProperty("diff").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object),
            kind => Assert.All(kind.Value.EnumerateObject(), list => Assert.Equal(0, list.Value.GetArrayLength())));
    }

    [Fact]
    public async Task DryRun_ReportsAddedChangedRemoved_AndChangesNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var before = await ExportAsync(bureau);
        var document = JsonNode.Parse(before)!;
        document["sites"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "tianqi-tombs", ["name"] = "田齐王陵", ["protectionLevel"] = "provincial", ["lat"] = 36.80, ["lon"] = 118.40,
        });
        Entry(document, "sites", "qi-capital")["name"] = "齐国故城（改）";
        document["cells"]!.AsArray().Remove(Entry(document, "cells", "qd-r7c0"));
        document["devices"]!.AsArray().Remove(Entry(document, "devices", "ms-pir-01"));

        using var response = await ImportAsync(bureau, Bytes(document), dryRun: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var diff = result.RootElement.GetProperty("diff");
        Assert.True(result.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal("+tianqi-tombs ~qi-capital -", Lists(diff.GetProperty("sites")));
        Assert.Equal("+ ~ -qd-r7c0", Lists(diff.GetProperty("cells")));
        Assert.Equal("+ ~ms-pir-01 -", Lists(diff.GetProperty("devices"))); // decommissioned, not removed
        Assert.Equal("+ ~ -", Lists(diff.GetProperty("zones")));
        Assert.Equal("+ ~ -", Lists(diff.GetProperty("rules")));

        Assert.Equal(before, await ExportAsync(bureau));
        Assert.Equal(DeviceStates.Active, (await bureau.GetFromJsonAsync<DeviceDto>("/api/devices/ms-pir-01", TestContext.Current.CancellationToken))!.State);
        using var audit = JsonDocument.Parse(await bureau.GetStringAsync("/api/audit?entity=site&id=tianqi-tombs", TestContext.Current.CancellationToken));
        Assert.Equal(0, audit.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task BadDocuments_AreRefusedNamingTheEntry_AndChangeNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var before = await ExportAsync(bureau);

        var bowTie = JsonNode.Parse(before)!;
        var zoneIndex = 3;
        bowTie["zones"]![zoneIndex]!["geometry"] = JsonNode.Parse(
            """{"type":"Polygon","coordinates":[[[118.33,36.86],[118.34,36.87],[118.34,36.86],[118.33,36.87],[118.33,36.86]]]}""");
        var duplicate = JsonNode.Parse(before)!;
        var sites = duplicate["sites"]!.AsArray();
        sites.Add(sites[1]!.DeepClone());
        var wrongFormat = JsonNode.Parse(before)!;
        wrongFormat["format"] = "geojson";
        var wrongVersion = JsonNode.Parse(before)!;
        wrongVersion["version"] = 99;

        using var bowTieResponse = await ImportAsync(bureau, Bytes(bowTie), dryRun: false);
        using var duplicateResponse = await ImportAsync(bureau, Bytes(duplicate), dryRun: false);
        using var formatResponse = await ImportAsync(bureau, Bytes(wrongFormat), dryRun: false);
        using var versionResponse = await ImportAsync(bureau, Bytes(wrongVersion), dryRun: false);
        using var noDryRun = await bureau.PostAsync("/api/registry/import", new ByteArrayContent(before), TestContext.Current.CancellationToken);
        using var notJson = await ImportAsync(bureau, "{\"format\":"u8.ToArray(), dryRun: false);
        using var chief = await app.ClientAsAsync("chief-linzi");
        using var notBureau = await ImportAsync(chief, before, dryRun: true);

        Assert.Equal(HttpStatusCode.BadRequest, bowTieResponse.StatusCode);
        Assert.Equal([$"zones[{zoneIndex}].geometry"], await DeviceLifecycleTests.ErrorFieldsAsync(bowTieResponse));
        Assert.Equal(HttpStatusCode.BadRequest, duplicateResponse.StatusCode);
        using (var problem = JsonDocument.Parse(await duplicateResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)))
        {
            var errors = problem.RootElement.GetProperty("errors");
            Assert.Equal(["sites[5].id"], errors.EnumerateObject().Select(p => p.Name));
            var message = errors.GetProperty("sites[5].id")[0].GetString();
            Assert.Contains("sites[1]", message, StringComparison.Ordinal);
            Assert.Contains(sites[1]!["id"]!.GetValue<string>(), message, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, formatResponse.StatusCode);
        Assert.Equal(["format"], await DeviceLifecycleTests.ErrorFieldsAsync(formatResponse));
        Assert.Equal(HttpStatusCode.BadRequest, versionResponse.StatusCode);
        Assert.Equal(["version"], await DeviceLifecycleTests.ErrorFieldsAsync(versionResponse));
        Assert.Equal(HttpStatusCode.BadRequest, noDryRun.StatusCode);
        Assert.Equal(["dryRun"], await DeviceLifecycleTests.ErrorFieldsAsync(noDryRun));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notBureau.StatusCode);
        Assert.Equal(before, await ExportAsync(bureau));
    }

    [Fact]
    public async Task Import_ThatDropsADevice_DecommissionsIt_AndKeepsItsHistory()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using (var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"ts":"2026-11-26T14:00:00Z","readings":{"rh_pct":56.5}}""");
            await Eventually.History(bureau, "hp-clim-01", "?metric=rh_pct", 1);
        }

        var document = JsonNode.Parse(await ExportAsync(bureau))!;
        document["devices"]!.AsArray().Remove(Entry(document, "devices", "hp-clim-01"));

        using var response = await ImportAsync(bureau, Bytes(document), dryRun: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inService = (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken))!;
        var onRecord = (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices?include=decommissioned", TestContext.Current.CancellationToken))!;
        Assert.DoesNotContain(inService, d => d.Id == "hp-clim-01");
        var dropped = onRecord.Single(d => d.Id == "hp-clim-01");
        Assert.Equal((DeviceStates.Decommissioned, app.Time.GetUtcNow()), (dropped.State, dropped.DecommissionedAt));
        var history = await bureau.GetFromJsonAsync<HistoryResponse>("/api/devices/hp-clim-01/readings?metric=rh_pct", TestContext.Current.CancellationToken);
        Assert.Equal([56.5], history!.Points.Select(p => p.Value));
        var (client, result) = await app.TryConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);
        client.Dispose();
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
        using var exported = JsonDocument.Parse(await ExportAsync(bureau));
        var entry = exported.RootElement.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "hp-clim-01");
        Assert.Equal(app.Time.GetUtcNow(), entry.GetProperty("decommissionedAt").GetDateTimeOffset());
        using var audit = JsonDocument.Parse(await bureau.GetStringAsync("/api/audit?entity=device&id=hp-clim-01", TestContext.Current.CancellationToken));
        Assert.Equal(("imported", "bureau"), (audit.RootElement[0].GetProperty("action").GetString(), audit.RootElement[0].GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task Export_AfterASiteWithDecommissionedDevicesIsDeleted_StillImports()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        foreach (var id in new[] { "ms-clim-01", "ms-clim-02", "ms-pir-01" })
        {
            Assert.Equal(HttpStatusCode.OK, (await bureau.DeleteAsync($"/api/devices/{id}", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.True((await bureau.DeleteAsync("/api/rules/store-rh-high", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bureau.DeleteAsync("/api/sites/museum-store", TestContext.Current.CancellationToken)).StatusCode);
        var exported = await ExportAsync(bureau);

        using var sameInstallation = await ImportAsync(bureau, exported, dryRun: true);
        await using var target = FreshInstallation();
        using var admin = await target.ClientAsAsync("admin");
        using var fresh = await ImportAsync(admin, exported, dryRun: false);

        Assert.True(sameInstallation.StatusCode == HttpStatusCode.OK, await sameInstallation.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(fresh.StatusCode == HttpStatusCode.OK, await fresh.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(exported, await ExportAsync(admin));
    }

    [Fact]
    public async Task DemoStart_TheRegistryIsTheShippedDocument()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(
            Path.Combine(ExternalProcess.RepositoryRoot, "src", "Linzi.Heritage.Server", "Demo", "linzi-demo-registry.json"), TestContext.Current.CancellationToken))!.AsObject();
        Assert.True(shipped.Remove("_note"));

        var exported = JsonNode.Parse(await ExportAsync(bureau))!;

        Assert.True(JsonNode.DeepEquals(shipped, exported), FirstDifference(shipped, exported, "$"));
    }

    private HeritageApp FreshInstallation()
    {
        var app = new HeritageApp(_fresh.Path, settings: new Dictionary<string, string> { ["Demo:Enabled"] = "false" });
        app.StartServer();

        // No init-admin or users API on this branch: the first bureau account goes straight into the user store.
        app.Services.GetRequiredService<IUserStore>().AddMissing([new User("admin", "Administrator", Roles.Bureau, PasswordHashing.Hash(HeritageApp.DemoPassword))]);
        return app;
    }

    private static JsonNode Entry(JsonNode document, string list, string id) =>
        document[list]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == id)!;

    private static byte[] Bytes(JsonNode document) => Encoding.UTF8.GetBytes(document.ToJsonString());

    // "+added ~changed -removed", each a comma-separated list of ids.
    private static string Lists(JsonElement diff) =>
        $"+{Ids(diff.GetProperty("added"))} ~{Ids(diff.GetProperty("changed"))} -{Ids(diff.GetProperty("removed"))}";

    private static string Ids(JsonElement list) => string.Join(',', list.EnumerateArray().Select(e => e.GetString()));

    private static async Task<byte[]> ExportAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/registry/export", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] document, bool dryRun)
    {
        var content = new ByteArrayContent(document);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await client.PostAsync($"/api/registry/import?dryRun={(dryRun ? "true" : "false")}", content, TestContext.Current.CancellationToken);
    }

    // Where two JSON trees first differ, for a readable failure.
    private static string FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (!JsonNode.DeepEquals(x[key], y[key]))
                    {
                        return FirstDifference(x[key], y[key], $"{path}.{key}");
                    }
                }

                return $"{path}: key order or nothing";
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++)
                {
                    if (!JsonNode.DeepEquals(x[i], y[i]))
                    {
                        return FirstDifference(x[i], y[i], $"{path}[{i}]");
                    }
                }

                return path;
            default:
                return $"{path}: shipped {a?.ToJsonString() ?? "missing"}, exported {b?.ToJsonString() ?? "missing"}";
        }
    }

    public void Dispose()
    {
        _data.Dispose();
        _fresh.Dispose();
    }
}
