using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Escalation;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 11: free text on an alert stays in its hash chain for good, so a note that is too long or carries
/// control characters is refused (400 naming the field) and nothing is written.
/// </summary>
public sealed class NoteLimitTests : IDisposable
{
    private static readonly string TooLong = new('盗', 2001);
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    [InlineData("escalate")]
    public async Task TooLongNote_IsRefusedAndNotChained(string action)
    {
        await using var app = new HeritageApp(_data.Path);
        var alert = await RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");

        using var response = await inspector.PostAsJsonAsync(
            $"/api/alerts/{alert.Id}/{action}", new { note = TooLong, disposition = "false_alarm", to = "chief-heyatou" }, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "note");
        Assert.Equal(["raised"], await EventTypesAsync(inspector, alert.Id));
    }

    [Fact]
    public async Task NoteWithControlCharacters_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);
        var alert = await RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");

        using var response = await inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "到场\u001b[2J核查" }, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "note");
    }

    [Fact]
    public async Task NoteAtTheLimit_WithLineBreaks_IsKept()
    {
        await using var app = new HeritageApp(_data.Path);
        var alert = await RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");
        var note = "到场核查\n盗洞一处\t直径约 60 cm" + new string('。', 2000 - 19);

        using var response = await inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["raised", "acknowledged"], await EventTypesAsync(inspector, alert.Id));
    }

    [Fact]
    public async Task ReportReferenceWithControlCharacters_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);
        var alert = await RaiseAsync(app);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PostAsJsonAsync($"/api/alerts/{alert.Id}/reports", new { kind = "initial", reference = "临文物〔2026〕\u0000号" }, TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "reference");
    }

    [Fact]
    public async Task EvidenceNoteTooLong_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);
        var alert = await RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");

        using var response = await inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", EvidenceUploadTests.Form(("盗洞.jpg", EvidenceUploadTests.Jpeg), note: TooLong), TestContext.Current.CancellationToken);

        await AssertRefusedAsync(response, "note");
        Assert.Equal(["raised"], await EventTypesAsync(inspector, alert.Id));
    }

    /// <summary>Raises a red alert at the horse-burial pit (cell qd-r1c5, inspector-03) and returns it.</summary>
    internal static async Task<AlertDto> RaiseAsync(HeritageApp app)
    {
        using var pit = await app.ConnectDeviceAsync("hp-vib-01", HeritageApp.DemoDeviceSecret);
        await pit.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.9}}""");
        using var bureau = await app.ClientAsAsync("bureau");
        return await Eventually.Get(
            async () => (await bureau.GetFromJsonAsync<List<AlertDto>>("/api/alerts", TestContext.Current.CancellationToken))!.FirstOrDefault(),
            "the alert");
    }

    /// <summary>Asserts a 400 whose problem names <paramref name="field"/>.</summary>
    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    private static async Task<List<string>> EventTypesAsync(HttpClient client, string alertId)
    {
        using var detail = JsonDocument.Parse(await client.GetStringAsync($"/api/alerts/{alertId}", TestContext.Current.CancellationToken));
        return [.. detail.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
    }

    public void Dispose() => _data.Dispose();
}
