using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

public sealed class ApiSecurityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("/api/sites")]
    [InlineData("/api/zones")]
    [InlineData("/api/grid-cells")]
    [InlineData("/api/devices")]
    [InlineData("/api/devices/hp-vib-01/readings")]
    [InlineData("/api/rules")]
    [InlineData("/api/alerts")]
    [InlineData("/api/ingestion/stats")]
    [InlineData("/api/vocabulary")]
    public async Task Get_WithoutOrWithBadToken_Is401(string path)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var anonymous = await client.GetAsync(path, TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");
        using var forged = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task Token_WrongPasswordOrMissingField_Is401Or400()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var wrong = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest("bureau", "guess"), TestContext.Current.CancellationToken);
        using var missing = await client.PostAsJsonAsync("/api/auth/token", new { username = "bureau" }, TestContext.Current.CancellationToken);
        using var right = await client.PostAsJsonAsync("/api/auth/token", new TokenRequest("inspector-01", HeritageApp.DemoPassword), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("password", await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var token = await right.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken);
        Assert.Equal(("Bearer", "inspector"), (token!.TokenType, token.Role));
        Assert.True(token.ExpiresIn > 0);
    }

    [Theory]
    [InlineData("inspector-01", "POST", "/api/devices", HttpStatusCode.Forbidden)]
    [InlineData("chief-linzi", "POST", "/api/devices", HttpStatusCode.Forbidden)]
    [InlineData("maintenance", "POST", "/api/rules", HttpStatusCode.Forbidden)]
    [InlineData("inspector-01", "DELETE", "/api/rules/crack-growth", HttpStatusCode.Forbidden)]
    [InlineData("inspector-01", "GET", "/api/ingestion/stats", HttpStatusCode.Forbidden)]
    [InlineData("maintenance", "GET", "/api/ingestion/stats", HttpStatusCode.OK)]
    [InlineData("inspector-01", "GET", "/api/rules", HttpStatusCode.OK)]
    public async Task Endpoint_WrongRole_Is403(string user, string method, string path, HttpStatusCode expected)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync(user);

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Hub_WithoutToken_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var negotiate = await client.PostAsync("/hubs/monitor/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
