using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Accounts;

/// <summary><c>/api/users</c>: the bureau lists, creates, changes and resets accounts; nobody else may.</summary>
public sealed class UserApiTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Create_ReturnsATemporaryPassword_ThatMustBeChanged_AndListsTheUserWithoutSecrets()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var created = await bureau.PostAsJsonAsync("/api/users", new CreateUserRequest("wang.jg", "王建国", "inspector", "13912345678"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/users/wang.jg", created.Headers.Location?.OriginalString);
        var body = (await created.Content.ReadFromJsonAsync<CreatedUserDto>(TestContext.Current.CancellationToken))!;
        Assert.Equal("wang.jg", body.Username);
        Assert.True((await AccountClient.SignInAsync(app, "wang.jg", body.TemporaryPassword)).MustChangePassword);

        var list = await bureau.GetStringAsync("/api/users", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(body.TemporaryPassword, list, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", list, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stamp", list, StringComparison.OrdinalIgnoreCase);
        var users = JsonSerializer.Deserialize<List<UserDto>>(list, JsonSerializerOptions.Web)!;
        Assert.Equal(new UserDto("wang.jg", "王建国", "inspector", "13912345678", false, true, HeritageApp.Start), users.Single(u => u.Username == "wang.jg"));
        Assert.Contains(users, u => u.Username == "bureau" && !u.MustChangePassword);

        var one = await bureau.GetFromJsonAsync<UserDto>("/api/users/wang.jg", TestContext.Current.CancellationToken);
        Assert.Equal("王建国", one!.DisplayName);
    }

    [Fact]
    public async Task Create_ExistingUsername_Is409()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PostAsJsonAsync("/api/users", new CreateUserRequest("inspector-01", "又一个", "inspector", null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await AccountClient.SignInAsync(app, "inspector-01", HeritageApp.DemoPassword);
    }

    [Theory]
    [InlineData("Wang", "王建国", "inspector", null, "username")]
    [InlineData(null, "王建国", "inspector", null, "username")]
    [InlineData("wang.jg", "", "inspector", null, "displayName")]
    [InlineData("wang.jg", "王建国", "admin", null, "role")]
    [InlineData("wang.jg", "王建国", "inspector", "12345", "phone")]
    [InlineData("wang.jg", "王建国", "inspector", "+86 139 1234 5678", "phone")]
    public async Task Create_BadField_Is400NamingIt(string? username, string? displayName, string? role, string? phone, string field)
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PostAsJsonAsync("/api/users", new CreateUserRequest(username, displayName, role, phone), TestContext.Current.CancellationToken);

        Assert.Equal([field], await AccountClient.ProblemFieldsAsync(response));
    }

    [Theory]
    [InlineData("inspector-01")]
    [InlineData("maintenance")]
    [InlineData("chief-linzi")]
    public async Task UsersApi_NotBureau_Is403(string user)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync(user);

        using var list = await client.GetAsync("/api/users", TestContext.Current.CancellationToken);
        using var create = await client.PostAsJsonAsync("/api/users", new CreateUserRequest("wang.jg", "王建国", "bureau", null), TestContext.Current.CancellationToken);
        using var update = await client.PutAsJsonAsync($"/api/users/{user}", new UpdateUserRequest(null, "bureau", null, null), TestContext.Current.CancellationToken);
        using var reset = await client.PostAsync("/api/users/bureau/reset-password", null, TestContext.Current.CancellationToken);

        Assert.All(new[] { list, create, update, reset }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Fact]
    public async Task Unknown_Is404()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var get = await bureau.GetAsync("/api/users/nobody", TestContext.Current.CancellationToken);
        using var update = await bureau.PutAsJsonAsync("/api/users/nobody", new UpdateUserRequest("某人", null, null, null), TestContext.Current.CancellationToken);
        using var reset = await bureau.PostAsync("/api/users/nobody/reset-password", null, TestContext.Current.CancellationToken);

        Assert.All(new[] { get, update, reset }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task Update_ChangesOnlyTheFieldsGiven_AndAnEmptyPhoneClearsIt()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        (await bureau.PostAsJsonAsync("/api/users", new CreateUserRequest("wang.jg", "王建国", "inspector", "13912345678"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        using var renamed = await bureau.PutAsJsonAsync("/api/users/wang.jg", new UpdateUserRequest("王建国 (村)", "chief", null, null), TestContext.Current.CancellationToken);
        var after = await renamed.Content.ReadFromJsonAsync<UserDto>(TestContext.Current.CancellationToken);
        using var cleared = await bureau.PutAsJsonAsync("/api/users/wang.jg", new UpdateUserRequest(null, null, "", null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(("王建国 (村)", "chief", "13912345678"), (after!.DisplayName, after.Role, after.Phone));
        Assert.Null((await cleared.Content.ReadFromJsonAsync<UserDto>(TestContext.Current.CancellationToken))!.Phone);
    }

    [Fact]
    public async Task Update_BadRoleOrPhone_Is400NamingThem()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PutAsJsonAsync("/api/users/inspector-01", new UpdateUserRequest(null, "root", "555", null), TestContext.Current.CancellationToken);

        Assert.Equal(["role", "phone"], await AccountClient.ProblemFieldsAsync(response));
    }

    [Fact]
    public async Task Update_DisablingOrDemotingTheLastEnabledBureauAccount_Is409_UntilThereIsAnother()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var disable = await bureau.PutAsJsonAsync("/api/users/bureau", new UpdateUserRequest(null, null, null, true), TestContext.Current.CancellationToken);
        using var demote = await bureau.PutAsJsonAsync("/api/users/bureau", new UpdateUserRequest(null, "chief", null, null), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        using (var still = await bureau.GetAsync("/api/users", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode); // nothing changed, the token still works
        }

        (await bureau.PutAsJsonAsync("/api/users/chief-linzi", new UpdateUserRequest(null, "bureau", null, null), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        using var nowAllowed = await bureau.PutAsJsonAsync("/api/users/bureau", new UpdateUserRequest(null, null, null, true), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, nowAllowed.StatusCode);
    }

    [Fact]
    public async Task ResetPassword_GivesATemporaryPassword_ForcesAChange_AndEndsOldSignIns()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-01");

        using var reset = await bureau.PostAsync("/api/users/inspector-01/reset-password", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = (await reset.Content.ReadFromJsonAsync<TemporaryPasswordDto>(TestContext.Current.CancellationToken))!.TemporaryPassword;
        using (var old = await inspector.GetAsync("/api/alerts", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        using (var demo = await AccountClient.PostTokenAsync(app, "inspector-01", HeritageApp.DemoPassword))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        }

        var token = await AccountClient.SignInAsync(app, "inspector-01", temporary);
        Assert.True(token.MustChangePassword);
        await AccountClient.ChangePasswordAsync(app, token.AccessToken, temporary, "Tiao-shan 2026 spring");
        Assert.False((await AccountClient.SignInAsync(app, "inspector-01", "Tiao-shan 2026 spring")).MustChangePassword);
    }

    public void Dispose() => _data.Dispose();
}
