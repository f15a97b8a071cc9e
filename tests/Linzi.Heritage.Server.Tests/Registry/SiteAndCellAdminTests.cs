using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Registry;

/// <summary>
/// Site and grid-cell administration against the demo installation (its accounts are needed to name chiefs and
/// inspectors): refusals name the field and change nothing, and a cell nobody inspects routes alerts to its site's
/// responsible chief.
/// </summary>
public sealed class SiteAndCellAdminTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Sites_CreateRefuseUpdate_AndListWithTheProtectionLevelWireName()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var chief = await app.ClientAsAsync("chief-linzi");
        var site = new
        {
            id = "tianqi-tombs", name = "田齐王陵", nameEn = "Tian Qi Royal Tombs", protectionLevel = "provincial",
            materials = new[] { "rammed_earth" }, responsibleChief = "chief-linzi", lat = 36.80, lon = 118.40,
        };

        using var notBureau = await chief.PostAsJsonAsync("/api/sites", site with { }, TestContext.Current.CancellationToken);
        using var created = await bureau.PostAsJsonAsync("/api/sites", site, TestContext.Current.CancellationToken);
        using var duplicate = await bureau.PostAsJsonAsync("/api/sites", site, TestContext.Current.CancellationToken);
        using var badLevel = await bureau.PostAsJsonAsync("/api/sites", site with { id = "other-site", protectionLevel = "world" }, TestContext.Current.CancellationToken);
        using var inspectorAsChief = await bureau.PostAsJsonAsync("/api/sites", site with { id = "other-site", responsibleChief = "inspector-01" }, TestContext.Current.CancellationToken);
        using var nobodyAsChief = await bureau.PostAsJsonAsync("/api/sites", site with { id = "other-site", responsibleChief = "no-such-person" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, notBureau.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/sites/tianqi-tombs", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
        Assert.Equal(["protectionLevel"], await DeviceLifecycleTests.ErrorFieldsAsync(badLevel));
        Assert.Equal(HttpStatusCode.BadRequest, inspectorAsChief.StatusCode);
        Assert.Equal(["responsibleChief"], await DeviceLifecycleTests.ErrorFieldsAsync(inspectorAsChief));
        Assert.Equal(["responsibleChief"], await DeviceLifecycleTests.ErrorFieldsAsync(nobodyAsChief));

        var sites = await SitesAsync(bureau);
        Assert.Equal(["drainage-outlet", "horse-pit", "museum-store", "qi-capital", "smelting-site", "tianqi-tombs"], sites.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("田齐王陵", "provincial", "chief-linzi"), Describe(sites["tianqi-tombs"]));

        using var renamed = await bureau.PutAsJsonAsync("/api/sites/tianqi-tombs", new { name = "田齐王陵（四王冢）", protectionLevel = "county" }, TestContext.Current.CancellationToken);
        using var idChange = await bureau.PutAsJsonAsync("/api/sites/tianqi-tombs", new { id = "renamed" }, TestContext.Current.CancellationToken);
        using var badUpdate = await bureau.PutAsJsonAsync("/api/sites/tianqi-tombs", new { protectionLevel = "galactic" }, TestContext.Current.CancellationToken);
        using var unknown = await bureau.PutAsJsonAsync("/api/sites/atlantis", new { name = "x" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, idChange.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUpdate.StatusCode);
        Assert.Equal(["protectionLevel"], await DeviceLifecycleTests.ErrorFieldsAsync(badUpdate));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var after = await SitesAsync(bureau);
        Assert.Equal(("田齐王陵（四王冢）", "county", "chief-linzi"), Describe(after["tianqi-tombs"]));
        Assert.Equal("Tian Qi Royal Tombs", after["tianqi-tombs"].GetProperty("nameEn").GetString()); // what the body leaves out stays
        Assert.Equal(6, after.Count);
    }

    [Fact]
    public async Task Sites_KindStaffingAndNamedPeople_AreCheckedKeptAndExported()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var people = new
        {
            responsible = new { name = "河崖头村文物长", username = "chief-heyatou" },
            supervisor = new { name = "齐都镇文物长", username = "chief-qidu", phone = "0533-7000000" },
            patroller = new { name = "王大爷", phone = "138 0000 0000" }, // a villager without an account
        };

        using var badKind = await bureau.PutAsJsonAsync("/api/sites/horse-pit", new { kind = "castle" }, TestContext.Current.CancellationToken);
        using var badPeople = await bureau.PutAsJsonAsync("/api/sites/horse-pit", new
        {
            stewards = new { responsible = new { name = "", username = "chief-heyatou" }, supervisor = new { name = "某人", username = "nobody-here" }, patroller = new { name = "王大爷", phone = "call me" } },
        }, TestContext.Current.CancellationToken);
        using var saved = await bureau.PutAsJsonAsync("/api/sites/horse-pit", new { kind = "tomb", staffed = true, stewards = people }, TestContext.Current.CancellationToken);
        using var renamed = await bureau.PutAsJsonAsync("/api/sites/horse-pit", new { nameEn = "Horse Pit" }, TestContext.Current.CancellationToken);

        Assert.Equal(["kind"], await DeviceLifecycleTests.ErrorFieldsAsync(badKind));
        Assert.Equal(["stewards.patroller.phone", "stewards.responsible.name", "stewards.supervisor.username"], (await DeviceLifecycleTests.ErrorFieldsAsync(badPeople)).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var pit = (await SitesAsync(bureau))["horse-pit"];
        Assert.Equal(("tomb", true), (pit.GetProperty("kind").GetString(), pit.GetProperty("staffed").GetBoolean())); // the rename kept them
        var stewards = pit.GetProperty("stewards");
        Assert.Equal(("王大爷", "138 0000 0000"), (stewards.GetProperty("patroller").GetProperty("name").GetString(), stewards.GetProperty("patroller").GetProperty("phone").GetString()));
        Assert.Equal("chief-qidu", stewards.GetProperty("supervisor").GetProperty("username").GetString());

        // Maintenance staff see the sites without the people's phones; an inspector sees them.
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var inspector = await app.ClientAsAsync("inspector-03");
        Assert.Equal(JsonValueKind.Null, (await SitesAsync(maintenance))["horse-pit"].GetProperty("stewards").ValueKind);
        Assert.Equal("王大爷", (await SitesAsync(inspector))["horse-pit"].GetProperty("stewards").GetProperty("patroller").GetProperty("name").GetString());

        // They travel with the registry document.
        var exported = await bureau.GetStringAsync("/api/registry/export", TestContext.Current.CancellationToken);
        var site = JsonDocument.Parse(exported).RootElement.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "horse-pit");
        Assert.Equal(("tomb", "王大爷"), (site.GetProperty("kind").GetString(), site.GetProperty("stewards").GetProperty("patroller").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Sites_DeleteWhileDevicesRemain_Is409AndChangesNothing_ThenDeletesWithItsZones()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var zonesBefore = await ZoneIdsAsync(bureau, "museum-store");
        var devicesBefore = (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken))!;
        var storeDevices = devicesBefore.Where(d => d.SiteId == "museum-store").Select(d => d.Id).ToList();
        Assert.NotEmpty(zonesBefore);
        Assert.Equal(["ms-clim-01", "ms-clim-02", "ms-pir-01"], storeDevices.Order(StringComparer.Ordinal));

        using var refused = await bureau.DeleteAsync("/api/sites/museum-store", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("ms-clim-01", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("museum-store", (await SitesAsync(bureau)).Keys);
        Assert.Equal(zonesBefore, await ZoneIdsAsync(bureau, "museum-store"));
        Assert.Equal(devicesBefore.Count, (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices", TestContext.Current.CancellationToken))!.Count);

        foreach (var id in storeDevices)
        {
            using var decommission = await bureau.DeleteAsync($"/api/devices/{id}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, decommission.StatusCode);
        }

        // A rule scoped to the site (store-rh-high) holds it too: deleting the site would leave the rule dangling.
        using var ruled = await bureau.DeleteAsync("/api/sites/museum-store", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, ruled.StatusCode);
        Assert.Contains("store-rh-high", await ruled.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(zonesBefore, await ZoneIdsAsync(bureau, "museum-store"));
        using (var rule = await bureau.DeleteAsync("/api/rules/store-rh-high", TestContext.Current.CancellationToken))
        {
            Assert.True(rule.IsSuccessStatusCode);
        }

        using var deleted = await bureau.DeleteAsync("/api/sites/museum-store", TestContext.Current.CancellationToken);
        using var again = await bureau.DeleteAsync("/api/sites/museum-store", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain("museum-store", (await SitesAsync(bureau)).Keys);
        Assert.Empty(await ZoneIdsAsync(bureau, "museum-store"));
        Assert.NotEmpty(await ZoneIdsAsync(bureau, "horse-pit"));
        var onRecord = (await bureau.GetFromJsonAsync<List<DeviceDto>>("/api/devices?include=decommissioned", TestContext.Current.CancellationToken))!;
        Assert.Equal(storeDevices.Order(StringComparer.Ordinal), onRecord.Where(d => d.SiteId == "museum-store").Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Cells_UpdateRefusesWrongRoles_AssignSetsTheChainOfEveryCell_AndAnUnknownCellChangesNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var maintenance = await app.ClientAsAsync("maintenance");
        var before = await CellsAsync(bureau);
        Assert.Equal(["inspector-01", "chief-gucheng", "chief-qidu", "chief-linzi"], Chain(before["qd-r0c0"]));

        using var chiefAsInspector = await bureau.PutAsJsonAsync("/api/grid-cells/qd-r0c0", new { inspector = "chief-qidu" }, TestContext.Current.CancellationToken);
        using var inspectorAsChief = await bureau.PutAsJsonAsync("/api/grid-cells/qd-r0c0", new { chiefs = new[] { "inspector-02", "chief-qidu", "chief-linzi" } }, TestContext.Current.CancellationToken);
        using var notBureau = await maintenance.PutAsJsonAsync("/api/grid-cells/qd-r0c0", new { inspector = "inspector-02" }, TestContext.Current.CancellationToken);
        using var unknownCell = await bureau.PostAsJsonAsync(
            "/api/grid-cells/assign",
            new { cellIds = new[] { "qd-r0c0", "qd-r9c9" }, inspector = "inspector-14", chiefs = new[] { "chief-xiguan", "chief-qidu", "chief-linzi" } },
            TestContext.Current.CancellationToken);
        using var wrongAssignee = await bureau.PostAsJsonAsync(
            "/api/grid-cells/assign", new { cellIds = new[] { "qd-r0c0", "qd-r0c1" }, inspector = "maintenance" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, chiefAsInspector.StatusCode);
        Assert.Equal(["inspector"], await DeviceLifecycleTests.ErrorFieldsAsync(chiefAsInspector));
        Assert.Equal(HttpStatusCode.BadRequest, inspectorAsChief.StatusCode);
        Assert.Equal(["chiefs[0]"], await DeviceLifecycleTests.ErrorFieldsAsync(inspectorAsChief));
        Assert.Equal(HttpStatusCode.Forbidden, notBureau.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownCell.StatusCode);
        Assert.Equal(["cellIds"], await DeviceLifecycleTests.ErrorFieldsAsync(unknownCell));
        Assert.Contains("qd-r9c9", await unknownCell.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(["inspector"], await DeviceLifecycleTests.ErrorFieldsAsync(wrongAssignee));
        var unchanged = await CellsAsync(bureau);
        Assert.All(before.Keys, id => Assert.Equal(Chain(before[id]), Chain(unchanged[id])));

        string[] cells = ["qd-r0c0", "qd-r3c3", "qd-r6c6"];
        using var assigned = await bureau.PostAsJsonAsync(
            "/api/grid-cells/assign", new { cellIds = cells, inspector = "inspector-14", chiefs = new[] { "chief-xiguan", "chief-qidu", "chief-linzi" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var after = await CellsAsync(bureau);
        Assert.All(cells, id => Assert.Equal(["inspector-14", "chief-xiguan", "chief-qidu", "chief-linzi"], Chain(after[id])));
        Assert.All(before.Keys.Except(cells), id => Assert.Equal(Chain(before[id]), Chain(after[id])));

        // An inspector alone keeps each cell's chiefs; a single cell's update keeps what it leaves out.
        using var inspectorOnly = await bureau.PostAsJsonAsync("/api/grid-cells/assign", new { cellIds = new[] { "qd-r0c0", "qd-r0c4" }, inspector = "inspector-13" }, TestContext.Current.CancellationToken);
        using var renamed = await bureau.PutAsJsonAsync("/api/grid-cells/qd-r0c4", new { name = "齐都·古城 1-5（改）", risk = "high" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, inspectorOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var last = await CellsAsync(bureau);
        Assert.Equal(["inspector-13", "chief-xiguan", "chief-qidu", "chief-linzi"], Chain(last["qd-r0c0"]));
        Assert.Equal(["inspector-13", "chief-heyatou", "chief-qidu", "chief-linzi"], Chain(last["qd-r0c4"]));
        Assert.Equal(("齐都·古城 1-5（改）", "high"), (last["qd-r0c4"].GetProperty("name").GetString(), last["qd-r0c4"].GetProperty("risk").GetString()));
    }

    [Fact]
    public async Task Cells_DeleteIsRefusedWhileARuleNamesTheCell_OtherwiseTheCellGoes()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var named = await bureau.DeleteAsync("/api/grid-cells/qd-r1c4", TestContext.Current.CancellationToken); // cemetery-looting's scope
        using var free = await bureau.DeleteAsync("/api/grid-cells/qd-r7c0", TestContext.Current.CancellationToken);
        using var unknown = await bureau.DeleteAsync("/api/grid-cells/qd-r9c9", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, named.StatusCode);
        Assert.Contains("cemetery-looting", await named.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, free.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var cells = await CellsAsync(bureau);
        Assert.Contains("qd-r1c4", cells.Keys);
        Assert.DoesNotContain("qd-r7c0", cells.Keys);
    }

    [Fact]
    public async Task GapCell_AlertGoesFirstToTheSitesResponsibleChief_AndNotToOtherSitesChiefs()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var device = (await bureau.GetFromJsonAsync<DeviceDto>("/api/devices/hp-crack-01", TestContext.Current.CancellationToken))!;
        var sites = await SitesAsync(bureau);
        Assert.Equal("chief-heyatou", sites["horse-pit"].GetProperty("responsibleChief").GetString());
        Assert.NotNull(device.CellId);

        // Nobody inspects the cell now, and its chiefs do not include the horse-pit's responsible chief.
        using var gap = await bureau.PutAsJsonAsync(
            $"/api/grid-cells/{device.CellId}", new { inspector = "", chiefs = new[] { "chief-xiguan", "chief-qidu", "chief-linzi" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, gap.StatusCode);
        Assert.Equal(["chief-xiguan", "chief-qidu", "chief-linzi"], Chain((await CellsAsync(bureau))[device.CellId!]));

        using var sensor = await app.ConnectDeviceAsync("hp-crack-01", HeritageApp.DemoDeviceSecret);
        await sensor.PublishAsync(Topics.Telemetry("horse-pit", "hp-crack-01"), """{"readings":{"crack_mm":6.2,"temp_c":9.5}}""");
        var alert = await Eventually.Get(
            async () => (await AlertsAsync(app, "bureau")).FirstOrDefault(a => a.RuleId == "crack-moderate" && a.DeviceId == "hp-crack-01"),
            "the crack alert");

        Assert.Equal(device.CellId, alert.CellId);
        Assert.Equal("chief-heyatou", alert.AssignedTo);
        Assert.Contains(await AlertsAsync(app, "chief-heyatou"), a => a.Id == alert.Id);
        Assert.Contains(await AlertsAsync(app, "chief-xiguan"), a => a.Id == alert.Id);
        Assert.DoesNotContain(await AlertsAsync(app, "chief-shaoyuan"), a => a.Id == alert.Id); // responsible for another site
        Assert.DoesNotContain(await AlertsAsync(app, "inspector-03"), a => a.Id == alert.Id);
        using var heyatou = await app.ClientAsAsync("chief-heyatou");
        using var shaoyuan = await app.ClientAsAsync("chief-shaoyuan");
        Assert.Equal(HttpStatusCode.OK, (await heyatou.GetAsync($"/api/alerts/{alert.Id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await shaoyuan.GetAsync($"/api/alerts/{alert.Id}", TestContext.Current.CancellationToken)).StatusCode);
        using var ack = await heyatou.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "到场核查" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
    }

    private static (string?, string?, string?) Describe(JsonElement site) =>
        (site.GetProperty("name").GetProperty("zh").GetString(), site.GetProperty("protectionLevel").GetString(), site.GetProperty("responsibleChief").GetString());

    private static async Task<Dictionary<string, JsonElement>> SitesAsync(HttpClient client)
    {
        using var sites = JsonDocument.Parse(await client.GetStringAsync("/api/sites", TestContext.Current.CancellationToken));
        return sites.RootElement.EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.Clone());
    }

    private static async Task<List<string>> ZoneIdsAsync(HttpClient client, string siteId)
    {
        using var zones = JsonDocument.Parse(await client.GetStringAsync("/api/zones", TestContext.Current.CancellationToken));
        return [.. zones.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("siteId").GetString() == siteId)
            .Select(p => p.GetProperty("id").GetString()!)
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<Dictionary<string, JsonElement>> CellsAsync(HttpClient client)
    {
        using var cells = JsonDocument.Parse(await client.GetStringAsync("/api/grid-cells", TestContext.Current.CancellationToken));
        return cells.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").Clone())
            .ToDictionary(p => p.GetProperty("id").GetString()!);
    }

    private static string[] Chain(JsonElement cell) => [.. cell.GetProperty("chain").EnumerateArray().Select(e => e.GetString()!)];

    private static async Task<List<AlertDto>> AlertsAsync(HeritageApp app, string user)
    {
        using var client = await app.ClientAsAsync(user);
        return (await client.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!;
    }

    public void Dispose() => _data.Dispose();
}
