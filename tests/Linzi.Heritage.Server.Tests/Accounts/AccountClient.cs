using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Linzi.Heritage.Server.Tests.Accounts;

/// <summary>Signing in with any password, and the first admin of an installation without demo accounts.</summary>
public static class AccountClient
{
    /// <summary>Settings of a real installation: no demo accounts, no demo registry.</summary>
    public static IReadOnlyDictionary<string, string> NoDemo { get; } = new Dictionary<string, string> { ["Demo:Enabled"] = "false" };

    public static async Task<HttpResponseMessage> PostTokenAsync(HeritageApp app, string username, string password)
    {
        using var anonymous = app.CreateClient();
        return await anonymous.PostAsJsonAsync("/api/auth/token", new TokenRequest(username, password), TestContext.Current.CancellationToken);
    }

    public static async Task<TokenResponse> SignInAsync(HeritageApp app, string username, string password)
    {
        using var response = await PostTokenAsync(app, username, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(TestContext.Current.CancellationToken))!;
    }

    public static HttpClient WithToken(HeritageApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs init-admin in-process against the app's services and returns the printed password.</summary>
    public static async Task<string> InitAdminAsync(HeritageApp app, string username)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await InitAdminCommand.RunAsync(app.Services, username, output, error));
        return PasswordIn(output.ToString());
    }

    /// <summary>The password init-admin prints on its own indented line.</summary>
    public static string PasswordIn(string output) =>
        Assert.Single(output.Split('\n'), l => l.StartsWith("    ", StringComparison.Ordinal)).Trim();

    /// <summary>Changes a password and expects 204.</summary>
    public static async Task ChangePasswordAsync(HeritageApp app, string token, string current, string next)
    {
        using var client = WithToken(app, token);
        using var response = await client.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(current, next), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>The field names a 400 problem's <c>errors</c> object holds.</summary>
    public static async Task<IReadOnlyList<string>> ProblemFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>A hub connection (long polling through the test server) with the given token.</summary>
    public static HubConnection Hub(HeritageApp app, string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "hubs/monitor?access_token=" + Uri.EscapeDataString(token)), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
}
