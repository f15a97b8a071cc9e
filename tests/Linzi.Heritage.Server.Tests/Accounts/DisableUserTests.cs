using System.Net;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.Accounts;

/// <summary>Disabling an account ends its tokens and hub connections at once; enabling it lets it sign in again.</summary>
public sealed class DisableUserTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Disable_EndsTokensAndHubConnectionsAtOnce_AndEnableLetsThePersonSignInAgain()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var token = await app.TokenAsync("inspector-01");
        using var inspector = AccountClient.WithToken(app, token);
        await using var hub = AccountClient.Hub(app, token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        await hub.StartAsync(TestContext.Current.CancellationToken);
        using (var before = await inspector.GetAsync("/api/alerts", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var disable = await bureau.PutAsJsonAsync("/api/users/inspector-01", new UpdateUserRequest(null, null, null, true), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        using (var after = await inspector.GetAsync("/api/alerts", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
        await using (var again = AccountClient.Hub(app, token))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync(TestContext.Current.CancellationToken));
        }

        using (var signIn = await AccountClient.PostTokenAsync(app, "inspector-01", HeritageApp.DemoPassword))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        }

        using var enable = await bureau.PutAsJsonAsync("/api/users/inspector-01", new UpdateUserRequest(null, null, null, false), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        using (var stillOld = await inspector.GetAsync("/api/alerts", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stillOld.StatusCode); // tokens from before the disable stay dead
        }

        using var fresh = AccountClient.WithToken(app, await app.TokenAsync("inspector-01"));
        using var works = await fresh.GetAsync("/api/alerts", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
    }

    [Fact]
    public async Task Disable_LeavesOtherPeoplesConnectionsOpen()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        await using var other = await app.HubAsync("inspector-02");
        await other.StartAsync(TestContext.Current.CancellationToken);
        await using var target = await app.HubAsync("inspector-01");
        await target.StartAsync(TestContext.Current.CancellationToken);
        var hubs = app.Services.GetRequiredService<HubSessions>();
        // The hub runs OnConnectedAsync after the handshake that StartAsync waits for: the count may lag a moment.
        await Eventually.True(() => Task.FromResult(hubs.Count == 2), "both connections to be counted");

        (await bureau.PutAsJsonAsync("/api/users/inspector-01", new UpdateUserRequest(null, null, null, true), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await Eventually.True(() => Task.FromResult(hubs.Count == 1), "the disabled account's connection to close");
        Assert.Equal(HubConnectionState.Connected, other.State);
        Assert.NotNull(await other.InvokeAsync<List<AlertDto>>("GetAlertsSince", 0L, TestContext.Current.CancellationToken)); // still served
    }

    public void Dispose() => _data.Dispose();
}
