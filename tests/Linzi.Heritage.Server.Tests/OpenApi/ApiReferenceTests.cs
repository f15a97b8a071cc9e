using System.Net;
using System.Text.RegularExpressions;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.OpenApi;

/// <summary>The browsable reference at <c>/api-docs</c>: served by this server, scripts included, with no internet.</summary>
public sealed partial class ApiReferenceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ReferencePage_AndItsScripts_LoadFromThisServer()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var page = await client.GetAsync("/api-docs/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("scalar.js", scripts);
        foreach (var script in scripts)
        {
            // A relative address: the bundle comes from the package through this server, never from a CDN.
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out _), $"{script} is loaded from elsewhere");
            using var response = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/api-docs/"), script), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }

        using var bundle = await client.GetAsync("/api-docs/scalar.js", TestContext.Current.CancellationToken);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 500_000, "the whole Scalar bundle is served");
    }

    [Fact]
    public async Task ReferencePage_MayReachOnlyThisServer()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var page = await client.GetAsync("/api-docs/", TestContext.Current.CancellationToken);

        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();

    public void Dispose() => _data.Dispose();
}
