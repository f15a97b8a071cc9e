using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// Basic accessibility: axe-core's WCAG 2 A and AA rules on every page (every control labelled, names, contrast,
/// ARIA), and the actions reachable with the keyboard alone.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Theory]
    [InlineData("bureau", "/", false)]
    [InlineData("inspector-03", "/m", true)]
    [InlineData("maintenance", "/maintenance", false)]
    public async Task Page_HasNoAxeViolations(string user, string path, bool phone)
    {
        await App.HorsePitRedAsync(); // so the feed and the phone show an alert with its controls
        var page = await SignInAsync(user, path, phone);
        if (phone)
        {
            await Expect(page.Locator(".card")).ToHaveCountAsync(1);
        }
        else if (path == "/")
        {
            await Expect(page.Locator(".alert-item")).ToHaveCountAsync(1);
        }

        AssertClean(await page.RunAxe(WcagAa()), path);
    }

    [Fact]
    public async Task SignInPage_HasNoAxeViolations()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await ScreenshotAsync(page, "signin");
        AssertClean(await page.RunAxe(WcagAa()), "/signin");
    }

    [Fact]
    public async Task Phone_AcknowledgeIsReachableWithTheKeyboardAlone()
    {
        await App.HorsePitRedAsync();
        var page = await SignInAsync("inspector-03", "/m", phone: true);
        await Expect(page.Locator(".card")).ToHaveCountAsync(1);

        await TabUntilAsync(page, "button.acknowledge");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator(".card")).ToHaveAttributeAsync("data-state", "acknowledged");
    }

    [Fact]
    public async Task Bureau_AlertDetailAndItsActionsAreReachableWithTheKeyboardAlone()
    {
        await App.HorsePitRedAsync();
        var page = await SignInAsync("bureau", "/");
        await Expect(page.Locator(".alert-item")).ToHaveCountAsync(1);

        // The first Tab stop skips the map's markers and lands in the feed.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.matches('a.skip-link')"), "the first Tab stop is not the skip link");
        await page.Keyboard.PressAsync("Enter");
        await TabUntilAsync(page, ".alert-item");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#alert-dialog[open]")).ToBeVisibleAsync();
        await Expect(page.Locator("#alert-timeline li")).Not.ToHaveCountAsync(0);
        await TabUntilAsync(page, "#alert-dialog [data-action=acknowledge]");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#alert-timeline li[data-event-type=acknowledged]")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#alert-dialog[open]")).ToHaveCountAsync(0);
        await Expect(page.Locator(".alert-item")).ToHaveAttributeAsync("data-state", "acknowledged");
    }

    private static AxeRunOptions WcagAa() => new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private static void AssertClean(AxeResult result, string path)
    {
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(violations.Count == 0, $"{path}:\n" + string.Join("\n", violations));
    }

    /// <summary>Presses Tab until the focused element matches the selector, failing after a page's worth of stops.</summary>
    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}");
    }
}
