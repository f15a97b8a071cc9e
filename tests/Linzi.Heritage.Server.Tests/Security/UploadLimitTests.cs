using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Linzi.Heritage.Server.Tests.Escalation;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 8: the evidence endpoint allowed 512 MB requests and had no per-alert quota, so one signed-in phone
/// could fill the data disk (and stop ingestion with it).
/// </summary>
public sealed class UploadLimitTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static readonly Dictionary<string, string> SmallLimits = new()
    {
        ["Evidence:MaxFileBytes"] = "4096",
        ["Evidence:MaxFilesPerUpload"] = "2",
        ["Evidence:MaxFilesPerAlert"] = "3",
    };

    [Fact]
    public async Task RequestOverTheBound_IsRefusedBeforeItIsRead()
    {
        await using var app = new HeritageApp(_data.Path, settings: SmallLimits);
        var alert = await NoteLimitTests.RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");

        // 2 files × 4 KiB + 64 KiB of framing is the bound; this claims 1 MB.
        using var response = await inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", EvidenceUploadTests.Form(("big.jpg", Photo(1024 * 1024))), TestContext.Current.CancellationToken);

        await NoteLimitTests.AssertRefusedAsync(response, "body");
        Assert.Empty(Directory.Exists(Path.Combine(_data.Path, "attachments", alert.Id)) ? Directory.GetFiles(Path.Combine(_data.Path, "attachments", alert.Id)) : []);
    }

    [Fact]
    public async Task StreamedRequestOverTheBound_WithoutALength_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path, settings: SmallLimits);
        var alert = await NoteLimitTests.RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var form = EvidenceUploadTests.Form(("big.jpg", Photo(512 * 1024)));
        using var chunked = new StreamContent(await form.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        chunked.Headers.ContentType = form.Headers.ContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alert.Id}/attachments") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;

        using var response = await inspector.SendAsync(request, TestContext.Current.CancellationToken);

        await NoteLimitTests.AssertRefusedAsync(response, "body");
    }

    [Fact]
    public async Task AlertQuota_RefusesPhotosBeyondIt()
    {
        await using var app = new HeritageApp(_data.Path, settings: SmallLimits);
        var alert = await NoteLimitTests.RaiseAsync(app);
        using var inspector = await app.ClientAsAsync("inspector-03");

        using var first = await inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", TwoPhotos(), TestContext.Current.CancellationToken);
        using var second = await inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", TwoPhotos(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await NoteLimitTests.AssertRefusedAsync(second, "file");
        using var bureau = await app.ClientAsAsync("bureau");
        using var list = JsonDocument.Parse(await bureau.GetStringAsync($"/api/alerts/{alert.Id}/attachments", TestContext.Current.CancellationToken));
        Assert.Equal(2, list.RootElement.GetArrayLength());
    }

    private static MultipartFormDataContent TwoPhotos()
    {
        var form = EvidenceUploadTests.Form(("a.jpg", Photo(1000)));
        var part = new ByteArrayContent(Photo(1000));
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "file", "b.jpg");
        return form;
    }

    private static byte[] Photo(int bytes)
    {
        var photo = new byte[bytes];
        EvidenceUploadTests.Jpeg.CopyTo(photo, 0);
        return photo;
    }

    public void Dispose() => _data.Dispose();
}
