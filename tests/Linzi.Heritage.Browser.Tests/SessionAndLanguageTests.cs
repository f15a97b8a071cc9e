using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>Sign-in, the session's end, and the language switch.</summary>
public sealed class SessionAndLanguageTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task LanguageSwitch_ChangesTheVisibleStrings_AndIsRemembered()
    {
        var page = await SignInAsync("bureau", "/");
        await Expect(page.Locator("header h1")).ToHaveTextAsync("临淄文物网格化智慧监管");
        await Expect(page.Locator("#tab-feed")).ToHaveTextAsync("告警");
        await Expect(page.Locator("label[for=f-severity]")).ToHaveTextAsync("级别");
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("header h1")).ToHaveTextAsync("Linzi Heritage Grid Monitor");
        await Expect(page.Locator("#tab-feed")).ToHaveTextAsync("Alerts");
        await Expect(page.Locator("label[for=f-severity]")).ToHaveTextAsync("Severity");
        await Expect(page.Locator("#f-severity option[value=red]")).ToHaveTextAsync("Red (I)");
        await Expect(page.Locator("#conn")).ToHaveTextAsync("Live");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        // No translated element may still show Chinese (but the switch, which names 中文 in Chinese).
        var untranslated = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('[data-i18n]:not(#lang)')].map(e => e.dataset.i18n + ': ' + e.textContent).filter(t => /[\\u4e00-\\u9fff]/.test(t))");
        Assert.True(untranslated.Length == 0, string.Join("; ", untranslated));
        await ScreenshotAsync(page, "bureau-map-english");

        await page.ReloadAsync();
        await Expect(page.Locator("header h1")).ToHaveTextAsync("Linzi Heritage Grid Monitor");
        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();
        await Expect(page.Locator("header h1")).ToHaveTextAsync("临淄文物网格化智慧监管");
    }

    [Fact]
    public async Task BothLanguages_HaveTheSameKeys()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");

        var unmatched = await page.EvaluateAsync<string[]>(
            """
            async () => {
              const zh = (await import('/js/strings/zh.js')).default;
              const en = (await import('/js/strings/en.js')).default;
              return [...Object.keys(zh).filter(k => !(k in en)), ...Object.keys(en).filter(k => !(k in zh))];
            }
            """);

        Assert.Empty(unmatched);
    }

    [Fact]
    public async Task WrongPassword_SaysSo_AndStaysOnSignIn()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("用户名").FillAsync("bureau");
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await Expect(page.Locator("#signin-message")).ToHaveTextAsync("用户名或密码错误。");
        Assert.EndsWith("/signin", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/\\evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    public async Task SignIn_WithANextAddressLeavingTheSite_GoesHomeInstead(string next)
    {
        // Browsers read "/\evil.example" as "//evil.example": a prefix check let it through (issue 15).
        var page = await NewPageAsync();
        await page.GotoAsync("/signin?next=" + Uri.EscapeDataString(next));
        var origin = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        await page.GetByLabel("用户名").FillAsync("bureau");
        await page.GetByLabel("密码").FillAsync(Server.Tests.Infrastructure.HeritageApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        Assert.Equal(origin + "/", new Uri(page.Url).GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task RejectedToken_ReturnsToSignInWithAReason_AndBackToThePageAfterwards()
    {
        var page = await SignInAsync("inspector-03", "/m", phone: true);
        // The server no longer accepts the token (expired or signed by an old key): the next call gets 401.
        await page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('linzi.session')); s.token = 'expired'; sessionStorage.setItem('linzi.session', JSON.stringify(s)); }");
        await page.ReloadAsync();

        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await Expect(page.Locator("#signin-message")).ToHaveTextAsync("登录已过期，请重新登录。");
        await page.GetByLabel("用户名").FillAsync("inspector-03");
        await page.GetByLabel("密码").FillAsync(Server.Tests.Infrastructure.HeritageApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/m");
    }

    [Fact]
    public async Task SessionPastItsExpiry_GoesToSignIn_WithoutCallingTheApi()
    {
        // Over means no refresh token either (a short access token alone is renewed by its refresh token).
        var page = await SignInAsync("bureau", "/");
        await Expect(page.Locator("#conn[data-state=online]")).ToBeAttachedAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // the first catch-up after the hub connects is done
        var apiCalls = 0;
        page.Request += (_, request) => apiCalls += request.Url.Contains("/api/", StringComparison.Ordinal) ? 1 : 0;
        await page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('linzi.session')); s.expiresAt = Date.now() - 1; delete s.refreshToken; sessionStorage.setItem('linzi.session', JSON.stringify(s)); }");
        // The reload is cut short by the page's own redirect, so wait for where it lands, not for its load event.
        await page.EvaluateAsync("() => location.reload()");

        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal) && url.Contains("reason=expired", StringComparison.Ordinal));
        await Expect(page.Locator("#signin-message")).ToHaveTextAsync("登录已过期，请重新登录。");
        Assert.Equal(0, apiCalls);
    }
}
