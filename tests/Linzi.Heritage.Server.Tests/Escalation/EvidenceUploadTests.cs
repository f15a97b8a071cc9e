using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Server.Tests.Infrastructure;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;

namespace Linzi.Heritage.Server.Tests.Escalation;

public sealed class EvidenceUploadTests : IDisposable
{
    internal static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Photo_IsStoredChainedAndExportedWithTheCase()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var alert = await RaiseRedAsync(app, bureau);

        using var upload = await inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", Form(("盗洞.jpg", Jpeg), note: "盗洞直径约 60 cm"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = (await upload.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))[0];
        Assert.Equal(("image/jpeg", Jpeg.Length), (stored.GetProperty("contentType").GetString(), stored.GetProperty("bytes").GetInt32()));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Jpeg)), stored.GetProperty("sha256").GetString());

        var downloaded = await bureau.GetByteArrayAsync($"/api/alerts/{alert.Id}/attachments/{stored.GetProperty("id").GetString()}", TestContext.Current.CancellationToken);
        Assert.Equal(Jpeg, downloaded);
        Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "attachments", alert.Id)), f => f.EndsWith(".jpg", StringComparison.Ordinal));

        var caseFile = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.Id}/case", TestContext.Current.CancellationToken);
        Assert.Equal(["raised", "attachment"], caseFile.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.True(caseFile.GetProperty("history").GetProperty("intact").GetBoolean());
        Assert.Contains(caseFile.GetProperty("readings").EnumerateArray(), r => r.GetProperty("metric").GetString() == "ppv_mm_s" && r.GetProperty("value").GetDouble() == 0.6);
        Assert.Equal(["inspector-03", "chief-heyatou", "chief-qidu", "chief-linzi"], caseFile.GetProperty("chain").EnumerateArray().Select(c => c.GetString()));

        var html = await bureau.GetStringAsync($"/api/alerts/{alert.Id}/case.html", TestContext.Current.CancellationToken);
        Assert.Contains("data:image/jpeg;base64," + Convert.ToBase64String(Jpeg), html, StringComparison.Ordinal);
        Assert.Contains("&#x76D7;&#x6D1E;", html, StringComparison.Ordinal); // 盗洞, HTML-encoded
        Assert.Contains("Hash chain intact", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd.jpg", "path")]
    [InlineData("C:\\temp\\x.jpg", "path")]
    [InlineData("notes.txt", "not a photo")]
    [InlineData("big.jpg", "limit")]
    public async Task BadUploads_AreRefusedWithAClearError_AndNothingIsKept(string name, string expected)
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Evidence:MaxFileBytes"] = "4096" });
        using var bureau = await app.ClientAsAsync("bureau");
        var alert = await RaiseRedAsync(app, bureau);
        byte[] content = name switch
        {
            "notes.txt" => "just text"u8.ToArray(),
            "big.jpg" => [.. Jpeg, .. new byte[5000]],
            _ => Jpeg,
        };

        using var upload = await bureau.PostAsync($"/api/alerts/{alert.Id}/attachments", Form((name, content)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        var error = (await upload.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "attachments", alert.Id)));
        Assert.Empty((await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.Id}/attachments", TestContext.Current.CancellationToken)).EnumerateArray());
    }

    [Fact]
    public async Task OtherCellsInspector_CannotAttachOrExport()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var neighbour = await app.ClientAsAsync("inspector-05");
        var alert = await RaiseRedAsync(app, bureau);

        using var upload = await neighbour.PostAsync($"/api/alerts/{alert.Id}/attachments", Form(("x.jpg", Jpeg)), TestContext.Current.CancellationToken);
        using var export = await neighbour.GetAsync($"/api/alerts/{alert.Id}/case", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound), (upload.StatusCode, export.StatusCode));
    }

    internal static MultipartFormDataContent Form((string Name, byte[] Content) file, string? note = null)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg"); // what the client claims is not trusted
        form.Add(part, "file", file.Name);
        if (note is not null)
        {
            form.Add(new StringContent(note), "note");
        }

        return form;
    }

    public void Dispose() => _data.Dispose();
}
