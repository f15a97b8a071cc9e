using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Tests.Accounts;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 6: every token expires, access tokens are short and renewed with a rotating refresh token, a
/// reused refresh token ends its session, signing out ends the session's tokens, and hub connections end with their
/// token. Access tokens last their real default here (15 minutes), not the long test one.
/// </summary>
public sealed class TokenSessionTests : IDisposable
{
    private const string Password = HeritageApp.DemoPassword;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Token_WithoutExpiry_IsRefused()
    {
        await using var app = App();
        var signedIn = await AccountClient.SignInAsync(app, "bureau", Password);
        var claims = new JsonWebTokenHandler().ReadJsonWebToken(signedIn.AccessToken).Claims
            .Where(c => c.Type is not ("exp" or "nbf" or "iat"))
            .ToList();

        using var withExpiry = AccountClient.WithToken(app, Forge(app, claims, expires: app.Time.GetUtcNow().AddMinutes(5)));
        using var forever = AccountClient.WithToken(app, Forge(app, claims, expires: null));

        Assert.Equal(HttpStatusCode.OK, (await withExpiry.GetAsync("/api/sites", Cancel)).StatusCode); // the forgery is otherwise good
        Assert.Equal(HttpStatusCode.Unauthorized, (await forever.GetAsync("/api/sites", Cancel)).StatusCode);
    }

    [Fact]
    public async Task AccessToken_ExpiresAfter15Minutes_AndRefreshRotatesTheRefreshToken()
    {
        await using var app = App();
        var first = await AccountClient.SignInAsync(app, "inspector-01", Password);
        Assert.Equal(900, first.ExpiresIn);
        Assert.False(string.IsNullOrEmpty(first.RefreshToken));
        using var firstClient = AccountClient.WithToken(app, first.AccessToken);

        app.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync("/api/alerts", Cancel)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await firstClient.GetAsync("/api/alerts", Cancel)).StatusCode);

        var second = await RefreshAsync(app, first.RefreshToken!);
        Assert.Equal(("Bearer", "inspector", 900), (second.TokenType, second.Role, second.ExpiresIn));
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        using var secondClient = AccountClient.WithToken(app, second.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("/api/alerts", Cancel)).StatusCode);

        var third = await RefreshAsync(app, second.RefreshToken!);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
    }

    [Fact]
    public async Task Refresh_ReusingASpentRefreshToken_EndsTheSessionForBothHolders()
    {
        await using var app = App();
        var signedIn = await AccountClient.SignInAsync(app, "inspector-02", Password);
        var legitimate = await RefreshAsync(app, signedIn.RefreshToken!); // the real client renews

        using (var replay = await PostRefreshAsync(app, signedIn.RefreshToken!)) // a thief replays the copy it stole
        {
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        }

        using (var next = await PostRefreshAsync(app, legitimate.RefreshToken!))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        }

        using var access = AccountClient.WithToken(app, legitimate.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await access.GetAsync("/api/alerts", Cancel)).StatusCode);
        Assert.Contains("refresh-reused", app.Services.GetRequiredService<IAuditLog>().Query(SignInGuard.AuditEntity, "inspector-02", 10).Select(e => e.Action));

        // Signing in again starts a fresh session.
        var again = await AccountClient.SignInAsync(app, "inspector-02", Password);
        using var fresh = AccountClient.WithToken(app, again.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/alerts", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Refresh_UnknownOrMissingToken_Is401Or400()
    {
        await using var app = App();
        using var unknown = await PostRefreshAsync(app, "not-a-refresh-token");
        using var client = app.CreateClient();
        using var missing = await client.PostAsJsonAsync("/api/auth/refresh", new { }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionsAccessAndRefreshTokens_AndOnlyThatSession()
    {
        await using var app = App();
        var phone = await AccountClient.SignInAsync(app, "chief-linzi", Password);
        var desk = await AccountClient.SignInAsync(app, "chief-linzi", Password);
        using var phoneClient = AccountClient.WithToken(app, phone.AccessToken);
        using var deskClient = AccountClient.WithToken(app, desk.AccessToken);

        using (var signOut = await phoneClient.PostAsync("/api/auth/signout", null, Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await phoneClient.GetAsync("/api/alerts", Cancel)).StatusCode);
        using (var refresh = await PostRefreshAsync(app, phone.RefreshToken!))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await deskClient.GetAsync("/api/alerts", Cancel)).StatusCode);

        // With the access token expired, the refresh token alone signs out.
        app.Time.Advance(TimeSpan.FromMinutes(20));
        using var anonymous = app.CreateClient();
        using (var signOut = await anonymous.PostAsJsonAsync("/api/auth/signout", new RefreshRequest(desk.RefreshToken), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        using var deskRefresh = await PostRefreshAsync(app, desk.RefreshToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, deskRefresh.StatusCode);
        Assert.Contains("signed-out", app.Services.GetRequiredService<IAuditLog>().Query(SignInGuard.AuditEntity, "chief-linzi", 20).Select(e => e.Action));
    }

    [Fact]
    public async Task Refresh_AfterAPasswordChange_IsRefused()
    {
        await using var app = App();
        var signedIn = await AccountClient.SignInAsync(app, "inspector-03", Password);
        using var client = AccountClient.WithToken(app, signedIn.AccessToken);
        using (var change = await client.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(Password, "Zibo river autumn 2026"), Cancel))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        using var refresh = await PostRefreshAsync(app, signedIn.RefreshToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task HubConnection_ClosesWhenItsTokenExpires()
    {
        await using var app = App();
        var signedIn = await AccountClient.SignInAsync(app, "inspector-04", Password);
        await using var hub = AccountClient.Hub(app, signedIn.AccessToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync(Cancel);

        app.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.NotNull(await hub.InvokeAsync<List<AlertDto>>("GetAlertsSince", 0L, Cancel)); // still served
        Assert.Equal(HubConnectionState.Connected, hub.State);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20), Cancel);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        await Eventually.True(() => Task.FromResult(app.Services.GetRequiredService<HubSessions>().Count == 0), "the hub to forget the connection");
    }

    [Fact]
    public async Task SignOut_ClosesTheSessionsHubConnections()
    {
        await using var app = App();
        var signedIn = await AccountClient.SignInAsync(app, "inspector-05", Password);
        await using var hub = AccountClient.Hub(app, signedIn.AccessToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync(Cancel);
        using var client = AccountClient.WithToken(app, signedIn.AccessToken);

        (await client.PostAsync("/api/auth/signout", null, Cancel)).EnsureSuccessStatusCode();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20), Cancel);
    }

    [Fact]
    public async Task HubEndpoint_ClosesConnectionsOnAuthenticationExpiration()
    {
        await using var app = App();

        var hubs = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/hubs/monitor", StringComparison.Ordinal) == true)
            .Select(e => e.Metadata.GetMetadata<HttpConnectionDispatcherOptions>())
            .OfType<HttpConnectionDispatcherOptions>()
            .ToList();

        Assert.NotEmpty(hubs);
        Assert.All(hubs, o => Assert.True(o.CloseOnAuthenticationExpiration));
    }

    private HeritageApp App() => new(_data.Path, settings: new Dictionary<string, string> { ["Auth:TokenLifetime"] = "00:15:00" });

    private static string Forge(HeritageApp app, IEnumerable<Claim> claims, DateTimeOffset? expires)
    {
        var key = app.Services.GetRequiredService<SigningKeyProvider>().Key;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "linzi-heritage",
            Audience = "linzi-heritage",
            Expires = expires?.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(claims.Where(c => c.Type is not ("iss" or "aud"))),
        });
    }

    private static async Task<HttpResponseMessage> PostRefreshAsync(HeritageApp app, string refreshToken)
    {
        using var client = app.CreateClient();
        return await client.PostAsJsonAsync("/api/auth/refresh", new RefreshRequest(refreshToken), Cancel);
    }

    private static async Task<TokenResponse> RefreshAsync(HeritageApp app, string refreshToken)
    {
        using var response = await PostRefreshAsync(app, refreshToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Cancel))!;
    }

    public void Dispose() => _data.Dispose();
}
