using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Api;

public sealed class RuleApiTests : IDisposable
{
    private const string ContractMinimalRule = """
        {"id":"hp-vibration","name":"殉马坑振动","severity":"red",
         "scope":{"siteIds":["horse-pit"],"zoneKinds":["protection"]},
         "condition":{"metric":"ppv_mm_s","op":">","value":0.25}}
        """;

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Post_ContractMinimalRule_IsCreatedListedAndApplied()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var created = await bureau.PostAsync("/api/rules", Json(ContractMinimalRule), TestContext.Current.CancellationToken);
        using var duplicate = await bureau.PostAsync("/api/rules", Json(ContractMinimalRule), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var rules = await bureau.GetFromJsonAsync<List<RuleDefinition>>("/api/rules", TestContext.Current.CancellationToken);
        Assert.Contains(rules!, r => r.Id == "hp-vibration" && r.Condition!.Value == 0.25);

        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.3}}""");
        await Eventually.True(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.Any(a => a.RuleId == "hp-vibration"),
            "an alert from the new rule");
    }

    [Fact]
    public async Task Post_InvalidRule_Is400NamingTheFields()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PostAsync(
            "/api/rules",
            Json("""{"id":"x","name":"x","severity":"pink","scope":{"siteIds":["nowhere"]},"condition":{"metric":"ppv_mm_s","op":"~","value":1}}"""),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["condition.op", "scope.siteIds", "severity"], fields);
    }

    [Fact]
    public async Task PutAndDelete_ReplaceAndRemoveARule()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var replaced = await bureau.PutAsync(
            "/api/rules/crack-growth",
            Json("""{"name":"裂缝宽度超限","severity":"red","scope":{"deviceKinds":["crack"]},"condition":{"metric":"crack_mm","op":">=","value":3}}"""),
            TestContext.Current.CancellationToken);
        var rule = await bureau.GetFromJsonAsync<RuleDefinition>("/api/rules/crack-growth", TestContext.Current.CancellationToken);
        using var mismatched = await bureau.PutAsync("/api/rules/crack-growth", Json("""{"id":"other"}"""), TestContext.Current.CancellationToken);
        using var missing = await bureau.PutAsync("/api/rules/nope", Json(ContractMinimalRule.Replace("hp-vibration", "nope", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        using var deleted = await bureau.DeleteAsync("/api/rules/crack-growth", TestContext.Current.CancellationToken);
        using var gone = await bureau.GetAsync("/api/rules/crack-growth", TestContext.Current.CancellationToken);
        using var deletedAgain = await bureau.DeleteAsync("/api/rules/crack-growth", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(("red", ">=", 3.0), (rule!.Severity, rule.Condition!.Op, rule.Condition.Value!.Value));
        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task RuleChanges_AreAuditedWithWhoWhenAndBothVersions()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        const string Fence = """
            {"id":"excavator-dwell","name":"挖掘机停留","severity":"orange","scope":{"deviceKinds":["gnss"]},
             "schedule":{"windows":[{"from":"20:00","to":"06:00"}],"weekdays":["mon","tue","wed","thu","fri"]},
             "condition":{"kind":"geofence","event":"dwell","zoneKinds":["protection"],"dwellSeconds":600,"debounceSeconds":30,"maxHdop":5}}
            """;

        using var created = await bureau.PostAsync("/api/rules", Json(Fence), TestContext.Current.CancellationToken);
        using var replaced = await bureau.PutAsync("/api/rules/excavator-dwell", Json(Fence.Replace("600", "900", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        using var deleted = await bureau.DeleteAsync("/api/rules/excavator-dwell", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent), (created.StatusCode, replaced.StatusCode, deleted.StatusCode));
        var audit = (await bureau.GetFromJsonAsync<List<JsonElement>>("/api/audit?entity=rule&id=excavator-dwell", TestContext.Current.CancellationToken))!;
        Assert.Equal(["deleted", "replaced", "created"], audit.Select(e => e.GetProperty("action").GetString()));
        Assert.All(audit, e => Assert.Equal("bureau", e.GetProperty("actor").GetString()));
        Assert.Equal(HeritageApp.Start, audit[0].GetProperty("at").GetDateTimeOffset());
        var replace = audit[1];
        Assert.Equal(600, replace.GetProperty("before").GetProperty("condition").GetProperty("dwellSeconds").GetDouble());
        Assert.Equal(900, replace.GetProperty("after").GetProperty("condition").GetProperty("dwellSeconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, audit[0].GetProperty("after").ValueKind);
    }

    [Theory]
    [InlineData("""{"kind":"correlation","windowSeconds":120,"signals":[{"metric":"pir_count","op":">=","value":3}]}""", "condition.signals")]
    [InlineData("""{"kind":"geofence","event":"enter","zoneIds":["no-such-zone"]}""", "condition.zoneIds")]
    [InlineData("""{"kind":"rate_of_change","metric":"crack_mm","op":">","value":0.05,"windowSeconds":3600}""", "condition.per")]
    [InlineData("""{"kind":"no_data","afterSeconds":0}""", "condition.afterSeconds")]
    public async Task Post_InvalidRuleKinds_Are400NamingTheField(string condition, string field)
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PostAsync(
            "/api/rules", Json($$"""{"id":"x","name":"x","severity":"red","condition":{{condition}} }"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.Contains(field, errors.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ReplacingOneRule_KeepsTheMemoryOfOthers_WithoutRestart()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        const string Sustained = """
            {"id":"hp-sustained","name":"持续振动","severity":"orange","scope":{"deviceIds":["hp-vib-01"]},
             "condition":{"metric":"ppv_mm_s","op":">","value":0.1,"sustainReadings":3}}
            """;
        using var created = await bureau.PostAsync("/api/rules", Json(Sustained), TestContext.Current.CancellationToken);
        using var device = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":1,"readings":{"ppv_mm_s":0.15}}""");
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":2,"readings":{"ppv_mm_s":0.15}}""");
        await Eventually.True(async () => (await bureau.GetFromJsonAsync<List<JsonElement>>("/api/devices", TestContext.Current.CancellationToken))!
            .Any(d => d.GetProperty("id").GetString() == "hp-vib-01" && d.GetProperty("lastSeen").ValueKind != JsonValueKind.Null), "two readings evaluated");

        // Another rule changes between the second and third reading: the sustained count must survive it.
        using var other = await bureau.PutAsync(
            "/api/rules/horse-pit-co2", Json("""{"name":"CO2","severity":"blue","scope":{"siteIds":["horse-pit"]},"condition":{"metric":"co2_ppm","op":">","value":2000}}"""),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"seq":3,"readings":{"ppv_mm_s":0.15}}""");

        var alert = await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(a => a.RuleId == "hp-sustained"),
            "the sustained alert on the third reading");
        Assert.Equal("orange", alert.Severity);
    }

    [Fact]
    public async Task Defaults_SuggestRulesFromLevelAndMaterials_ThatCanBePostedAsIs()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");

        var suggested = (await bureau.GetFromJsonAsync<List<RuleDefinition>>("/api/rules/defaults/smelting-site", TestContext.Current.CancellationToken))!;
        using var forbidden = await inspector.GetAsync("/api/rules/defaults/smelting-site", TestContext.Current.CancellationToken);
        using var unknown = await bureau.GetAsync("/api/rules/defaults/nowhere", TestContext.Current.CancellationToken);

        var humidity = Assert.Single(suggested, r => r.Condition!.Metric == "rh_pct"); // metal: 0-40 %, no lower bound
        Assert.Equal((">", 40.0), (humidity.Condition!.Op, humidity.Condition.Value!.Value));
        Assert.Contains(suggested, r => r.Condition!.Metric == "ppv_mm_s" && r.Condition.Value == 0.15); // national, earth
        using var posted = await bureau.PostAsJsonAsync("/api/rules", humidity, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (forbidden.StatusCode, unknown.StatusCode));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public void Dispose() => _data.Dispose();
}
