using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Accounts;

/// <summary><c>init-admin USERNAME</c>: the first bureau account of an installation with none, its password printed once.</summary>
public sealed class InitAdminTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task InitAdmin_OnAnEmptyDataDirectory_CreatesABureauAccount_ThatMustChangeItsPassword()
    {
        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        using (var none = await AccountClient.PostTokenAsync(app, "bureau", HeritageApp.DemoPassword))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode); // no demo account outside demo mode
        }

        var password = await AccountClient.InitAdminAsync(app, "wang.jg");

        Assert.True(password.Length >= 16, password);
        var token = await AccountClient.SignInAsync(app, "wang.jg", password);
        Assert.Equal("bureau", token.Role);
        Assert.True(token.MustChangePassword);
    }

    [Fact]
    public async Task InitAdmin_WhenABureauAccountExists_Refuses_AndCreatesNothing()
    {
        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        await AccountClient.InitAdminAsync(app, "wang.jg");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await InitAdminCommand.RunAsync(app.Services, "li.ming", output, error);

        Assert.Equal(1, exit);
        Assert.Empty(output.ToString());
        Assert.Contains("bureau account already", error.ToString(), StringComparison.Ordinal);
        using var refused = await AccountClient.PostTokenAsync(app, "li.ming", "anything-at-all");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("a")]
    [InlineData("王建国")]
    public async Task InitAdmin_BadUsername_Refuses(string username)
    {
        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await InitAdminCommand.RunAsync(app.Services, username, output, error));
        Assert.Contains("not a valid username", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitAdmin_IsAudited_WithoutThePassword()
    {
        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        var password = await AccountClient.InitAdminAsync(app, "wang.jg");
        var token = await AccountClient.SignInAsync(app, "wang.jg", password);
        await AccountClient.ChangePasswordAsync(app, token.AccessToken, password, "Tiao-shan 2026 spring");
        using var bureau = AccountClient.WithToken(app, (await AccountClient.SignInAsync(app, "wang.jg", "Tiao-shan 2026 spring")).AccessToken);

        var body = await bureau.GetStringAsync("/api/audit?entity=user&id=wang.jg", TestContext.Current.CancellationToken);

        var entries = JsonSerializer.Deserialize<JsonElement>(body).EnumerateArray().ToList();
        Assert.Equal(["password changed", "init-admin"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(InitAdminCommand.Actor, entries[1].GetProperty("actor").GetString());
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Tiao-shan", body, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", body, StringComparison.Ordinal); // Identity's hash prefix
    }

    [Fact]
    public async Task InitAdmin_FromTheCommandLine_PrintsThePasswordOnce_AndRefusesTheSecondTime()
    {
        using var first = ServerProcess.Run([InitAdminCommand.Name, "wang.jg", $"--Storage:DataDirectory={_data.Path}", "--Demo:Enabled=false"]);
        // The password is the one indented word; the console logger's indented lines (written from its own thread, so in any
        // order with ours) hold several words.
        var password = (await first.WaitForLineAsync(l => l.StartsWith("    ", StringComparison.Ordinal) && l.Trim() is { Length: > 0 } word && !word.Contains(' ', StringComparison.Ordinal), "password")).Trim();
        Assert.True(await first.WaitForExitAsync() == 0, "init-admin failed: " + first.Errors);

        using var second = ServerProcess.Run([InitAdminCommand.Name, "li.ming", $"--Storage:DataDirectory={_data.Path}", "--Demo:Enabled=false"]);
        Assert.Equal(1, await second.WaitForExitAsync());

        await using var app = new HeritageApp(_data.Path, settings: AccountClient.NoDemo);
        Assert.True((await AccountClient.SignInAsync(app, "wang.jg", password)).MustChangePassword);
        using var refused = await AccountClient.PostTokenAsync(app, "li.ming", password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    public void Dispose() => _data.Dispose();
}
