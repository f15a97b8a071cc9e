using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// A password someone else set must be changed at the first sign-in: the sign-in page asks for a new one (the
/// server's reasons in place), signs in again with it and goes on to the page. Any signed-in person can change
/// theirs from the header.
/// </summary>
public sealed class PasswordChangeTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string NewPassword = "Qi-capital-2026!";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewAccount_SignsIn_ChangesTheTemporaryPassword_AndLandsOnThePage()
    {
        string temporary;
        using (var bureau = await App.ClientAsAsync("bureau"))
        {
            using var created = await bureau.PostAsJsonAsync("/api/users", new { username = "bureau-wang", displayName = "王科长", role = "bureau" }, Cancel);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            temporary = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("temporaryPassword").GetString()!;
        }

        var page = await NewPageAsync();
        await page.GotoAsync("/admin");
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await page.GetByLabel("用户名").FillAsync("bureau-wang");
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(temporary);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        var section = page.Locator("#change-password");
        await Expect(section).ToBeVisibleAsync();
        await Expect(page.Locator("#signin-form")).ToBeHiddenAsync();
        // The current password is the one just typed: kept, not asked again.
        await Expect(section.Locator("[data-field=currentPassword]")).ToBeHiddenAsync();
        await Expect(section.GetByLabel("新密码", new() { Exact = true })).ToBeFocusedAsync();

        // Too short: the server's reason next to the new password.
        await section.GetByLabel("新密码", new() { Exact = true }).FillAsync("short");
        await section.GetByLabel("再次输入新密码").FillAsync("short");
        await section.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        var newField = section.Locator("[data-field=newPassword]");
        await Expect(newField.Locator(".field-error")).ToContainTextAsync("At least 10 characters");
        await Expect(newField.Locator("input")).ToHaveAttributeAsync("aria-invalid", "true");
        await ScreenshotAsync(page, "signin-password-weak");
        Assert.EndsWith("/signin?next=%2Fadmin", page.Url, StringComparison.Ordinal);

        // Repeat differs: said in place, nothing sent.
        await section.GetByLabel("新密码", new() { Exact = true }).FillAsync(NewPassword);
        await section.GetByLabel("再次输入新密码").FillAsync(NewPassword + "x");
        await section.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        await Expect(section.Locator("[data-field=repeatPassword] .field-error")).ToHaveTextAsync("两次输入的新密码不一致。");

        await section.GetByLabel("再次输入新密码").FillAsync(NewPassword);
        await section.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin");
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        await Expect(page.Locator("#user")).ToHaveTextAsync("bureau-wang");
        await Expect(page.Locator("#forbidden")).ToBeHiddenAsync();
        await Expect(page.Locator("#rules-list tr").First).ToBeVisibleAsync();

        using var anonymous = App.CreateClient();
        using var old = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "bureau-wang", password = temporary }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var fresh = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "bureau-wang", password = NewPassword }, Cancel);
        fresh.EnsureSuccessStatusCode();
        Assert.False((await fresh.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task SignedInPerson_ChangesTheirPasswordFromTheHeader_WrongCurrentShownInPlace()
    {
        var page = await SignInAsync("bureau", "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "修改密码" });
        await Expect(dialog).ToBeVisibleAsync();

        await dialog.GetByLabel("当前密码").FillAsync("not-my-password");
        await dialog.GetByLabel("新密码", new() { Exact = true }).FillAsync(NewPassword);
        await dialog.GetByLabel("再次输入新密码").FillAsync(NewPassword);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        await Expect(dialog.Locator("[data-field=currentPassword] .field-error")).ToHaveTextAsync("当前密码不正确。");
        await Expect(dialog.GetByLabel("当前密码")).ToBeFocusedAsync();

        await dialog.GetByLabel("当前密码").FillAsync(HeritageApp.DemoPassword);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "修改密码" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("#toast")).ToHaveTextAsync("密码已修改。");

        // The page goes on with a fresh token (the old one is dead): a reload still shows it signed in.
        await page.ReloadAsync();
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);

        using var anonymous = App.CreateClient();
        using var fresh = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "bureau", password = NewPassword }, Cancel);
        fresh.EnsureSuccessStatusCode();
    }
}
