using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Linzi.Heritage.Server.Notifications;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>Issue 15, hole 10: the HTTP edges — metrics, readiness, default authorization, headers, webhooks.</summary>
public sealed class HttpEdgeSecurityTests : IDisposable
{
    private const string ScrapeToken = "prometheus-scrape-token-for-tests-0123456789";
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Metrics_NeedSignInOrTheScrapeToken()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Metrics:ScrapeToken"] = ScrapeToken });
        using var anonymous = app.CreateClient();
        using var wrongToken = app.CreateClient();
        wrongToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken + "x");
        using var scraper = app.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        using var inspector = await app.ClientAsAsync("inspector-03");
        using var bureau = await app.ClientAsAsync("bureau");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongToken.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Readiness_TellsAnonymousCallersOnlyTheStatus()
    {
        await using var app = new HeritageApp(_data.Path);
        using var anonymous = app.CreateClient();

        var body = await anonymous.GetStringAsync("/readyz", TestContext.Current.CancellationToken);

        using var ready = JsonDocument.Parse(body);
        Assert.Equal(["status"], ready.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(app.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryEndpoint_RefusesAnonymousCallers_UnlessItSaysOtherwise()
    {
        await using var app = new HeritageApp(_data.Path);
        using var anonymous = app.CreateClient();
        string[] open = ["/api/auth/token", "/api/auth/refresh", "/api/auth/signout", "/healthz", "/readyz", "/", "/m", "/maintenance", "/admin", "/signin"];
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.StartsWith("/openapi", StringComparison.Ordinal) && !p.StartsWith("/api-docs", StringComparison.Ordinal)) // the API description and its reader
            .ToHashSet(StringComparer.Ordinal);

        // Only the intended endpoints are anonymous, and an address nothing maps is refused before it is looked up.
        Assert.Empty(endpoints.Except(open, StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/vocabulary", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/no-such-endpoint", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("/api/vocabulary", true)]
    [InlineData("/api/alerts", false)]
    [InlineData("/healthz", false)]
    [InlineData("/api/no-such-endpoint", false)]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path, bool signedIn)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = signedIn ? await app.ClientAsAsync("bureau") : app.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_KeepTheirOwnPolicy()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/signin", TestContext.Current.CancellationToken);

        Assert.Contains("script-src 'self'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task ServiceWorkerScript_GetsNoNothingAllowedPolicy()
    {
        // A worker's own script response sets its policy; "default-src 'none'" kept the phone page's worker from caching
        // its shell, and navigator.serviceWorker.ready never resolved.
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/sw.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public void WebhookSignature_BindsTheTime_SoAReplayIsRefused()
    {
        var sentAt = new DateTimeOffset(2026, 11, 26, 14, 5, 0, TimeSpan.Zero);
        const string Body = """{"kind":"raised"}""";
        var header = $"t={sentAt.ToUnixTimeSeconds()},sha256={WebhookSignature.Sign("s3cret", sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Body)}";

        Assert.True(WebhookSignature.Verify("s3cret", header, Body, sentAt.AddSeconds(30), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("s3cret", header, Body, sentAt.AddMinutes(30), TimeSpan.FromMinutes(5))); // replayed later
        Assert.False(WebhookSignature.Verify("s3cret", header, Body + " ", sentAt, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("s3cret", header.Replace("t=", "t=1", StringComparison.Ordinal), Body, sentAt, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("Production", "http://hooks.example.org/linzi", false)]
    [InlineData("Production", "https://hooks.example.org/linzi", true)]
    [InlineData("Production", "http://127.0.0.1:9000/relay", true)]
    [InlineData("Development", "http://hooks.example.org/linzi", true)]
    public void PlainHttpChannel_IsRefusedOutsideDevelopment(string environment, string url, bool accepted)
    {
        var sut = new PlainHttpChannels(new Environment(environment));
        var options = new NotificationOptions { Channels = [new ChannelOptions { Name = "duty", Kind = "webhook", Url = new Uri(url) }] };

        Assert.Equal(accepted, sut.Validate(null, options).Succeeded);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = "/";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    public void Dispose() => _data.Dispose();
}
