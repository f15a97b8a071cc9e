using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Accounts;

/// <summary>A password someone else set opens nothing but <c>POST /api/auth/password</c> until it is changed.</summary>
public sealed class PasswordChangeTests : IDisposable
{
    private const string NewPassword = "Tiao-shan 2026 spring";
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ForcedChange_Blocks_ApiAndHub_WithAProblem_UntilChanged()
    {
        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        var password = await AccountClient.InitAdminAsync(app, "wang.jg");
        var first = await AccountClient.SignInAsync(app, "wang.jg", password);
        using var forced = AccountClient.WithToken(app, first.AccessToken);

        foreach (var path in new[] { "/api/sites", "/api/users", "/api/audit", "/api/some-endpoint-added-later" })
        {
            using var blocked = await forced.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
            Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
            var problem = await blocked.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.Equal("Password change required", problem.GetProperty("title").GetString());
            Assert.Contains("POST /api/auth/password", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await using (var hub = AccountClient.Hub(app, first.AccessToken))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await AccountClient.ChangePasswordAsync(app, first.AccessToken, password, NewPassword);

        using (var stale = await forced.GetAsync("/api/sites", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode); // the change ends the old sign-in
        }

        using (var oldPassword = await AccountClient.PostTokenAsync(app, "wang.jg", password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        }

        var second = await AccountClient.SignInAsync(app, "wang.jg", NewPassword);
        Assert.False(second.MustChangePassword);
        using var client = AccountClient.WithToken(app, second.AccessToken);
        using var sites = await client.GetAsync("/api/sites", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, sites.StatusCode);
        await using var connected = AccountClient.Hub(app, second.AccessToken);
        await connected.StartAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("short1!", "newPassword")]
    [InlineData("woaini1314", "newPassword")]
    [InlineData("qwertyuiop", "newPassword")]
    [InlineData("1234567890", "newPassword")]
    [InlineData("linzi-demo", "newPassword")]
    [InlineData("Wang.JG-is-me-2026", "newPassword")]
    [InlineData("", "newPassword")]
    public async Task ChangePassword_Weak_Is400NamingNewPassword_AndChangesNothing(string weak, string field)
    {
        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        var password = await AccountClient.InitAdminAsync(app, "wang.jg");
        var token = await AccountClient.SignInAsync(app, "wang.jg", password);
        using var client = AccountClient.WithToken(app, token.AccessToken);

        using var response = await client.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(password, weak), TestContext.Current.CancellationToken);

        Assert.Equal([field], await AccountClient.ProblemFieldsAsync(response));
        Assert.True((await AccountClient.SignInAsync(app, "wang.jg", password)).MustChangePassword);
    }

    [Fact]
    public async Task ChangePassword_SameAsCurrent_Is400NamingNewPassword()
    {
        await using var app = new HeritageApp(_data.Path);
        await AccountClient.ChangePasswordAsync(app, await app.TokenAsync("inspector-01"), HeritageApp.DemoPassword, NewPassword);
        using var again = AccountClient.WithToken(app, (await AccountClient.SignInAsync(app, "inspector-01", NewPassword)).AccessToken);

        using var response = await again.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(NewPassword, NewPassword), TestContext.Current.CancellationToken);

        Assert.Equal(["newPassword"], await AccountClient.ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task ChangePassword_WrongCurrent_Is400NamingCurrentPassword()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("inspector-01");

        using var response = await client.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest("not-my-password", NewPassword), TestContext.Current.CancellationToken);

        Assert.Equal(["currentPassword"], await AccountClient.ProblemFieldsAsync(response));
        await AccountClient.SignInAsync(app, "inspector-01", HeritageApp.DemoPassword);
    }

    [Fact]
    public async Task ChangePassword_WithoutToken_Is401()
    {
        await using var app = new HeritageApp(_data.Path);
        using var anonymous = app.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(HeritageApp.DemoPassword, NewPassword), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DemoAccounts_AreNotForcedToChange_AndCanChange()
    {
        await using var app = new HeritageApp(_data.Path);
        var token = await AccountClient.SignInAsync(app, "inspector-01", HeritageApp.DemoPassword);
        Assert.False(token.MustChangePassword);

        await AccountClient.ChangePasswordAsync(app, token.AccessToken, HeritageApp.DemoPassword, NewPassword);

        await AccountClient.SignInAsync(app, "inspector-01", NewPassword);
        await AccountClient.SignInAsync(app, "inspector-02", HeritageApp.DemoPassword); // everyone else keeps the demo password
    }

    public void Dispose() => _data.Dispose();
}
