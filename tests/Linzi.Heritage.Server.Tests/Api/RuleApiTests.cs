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

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public void Dispose() => _data.Dispose();
}
