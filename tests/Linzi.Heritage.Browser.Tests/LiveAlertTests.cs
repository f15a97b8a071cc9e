using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// The whole loop in a browser: a device breaks a rule over MQTT, the bureau's map shows it live, the grid inspector
/// acknowledges it on a phone, and the bureau sees that live too. In the demo grid the horse-burial pit's vibration
/// sensor hp-vib-01 lies in cell qd-r1c5 (inspector-03); the drainage outlet's water gauge do-wl-01 in qd-r2c2
/// (inspector-05).
/// </summary>
public sealed class LiveAlertTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Live = new() { Timeout = LiveTimeoutMs };

    [Fact]
    public async Task BrokenRule_ShowsInFeedAndTurnsCellRed_AndThePhoneAcknowledgementShowsLiveOnTheMap()
    {
        var bureau = await SignInAsync("bureau", "/");
        await bureau.EvaluateAsync("() => window.__sameDocument = true"); // survives only if the page never reloads
        await Expect(bureau.Locator("path[data-cell-id='qd-r1c5'][data-severity='none']")).ToBeAttachedAsync();

        await App.HorsePitRedAsync();

        var item = bureau.Locator(".alert-item.sev-red", new() { HasText = "hp-vib-01" });
        await Expect(item).ToBeVisibleAsync(Live);
        await Expect(bureau.Locator("path[data-cell-id='qd-r1c5'][data-severity='red']")).ToBeAttachedAsync(new() { Timeout = LiveTimeoutMs });
        await Expect(item).ToHaveAttributeAsync("data-state", "open");
        await ScreenshotAsync(bureau, "bureau-map-red-alert");

        var phone = await SignInAsync("inspector-03", "/m", phone: true);
        var card = phone.Locator(".card", new() { HasText = "hp-vib-01" });
        await Expect(card).ToBeVisibleAsync();
        await card.GetByLabel("处置说明").FillAsync("已到现场，施工队已停止打桩");
        await card.GetByRole(AriaRole.Button, new() { Name = "确认接警" }).TapAsync();
        await Expect(card).ToHaveAttributeAsync("data-state", "acknowledged");
        await ScreenshotAsync(phone, "phone-acknowledged");

        await Expect(item).ToHaveAttributeAsync("data-state", "acknowledged", new() { Timeout = LiveTimeoutMs });
        Assert.True(await bureau.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the bureau page reloaded");
        // Acknowledged is still active: the cell stays red until the alert is resolved.
        await Expect(bureau.Locator("path[data-cell-id='qd-r1c5'][data-severity='red']")).ToBeAttachedAsync();
    }

    [Fact]
    public async Task InspectorPage_ShowsOnlyTheirOwnCells()
    {
        var phone = await SignInAsync("inspector-03", "/m", phone: true);
        var bureau = await SignInAsync("bureau", "/");

        await App.PublishAsync("drainage-outlet", "do-wl-01", """{"readings":{"water_level_cm":180}}""");
        await Expect(bureau.Locator(".alert-item", new() { HasText = "do-wl-01" }).First).ToBeVisibleAsync(Live);
        await App.HorsePitRedAsync();
        await Expect(phone.Locator(".card", new() { HasText = "hp-vib-01" })).ToBeVisibleAsync(Live);

        // The drainage outlet's alerts reached the bureau before the horse pit's reached the phone, so had the phone
        // been sent them they would be on it by now.
        await Expect(phone.Locator(".card", new() { HasText = "do-wl-01" })).ToHaveCountAsync(0);
        await phone.ReloadAsync();
        await Expect(phone.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        await Expect(phone.Locator(".card", new() { HasText = "hp-vib-01" })).ToBeVisibleAsync();
        await Expect(phone.Locator(".card", new() { HasText = "do-wl-01" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Phone_AfterLosingTheConnection_ShowsABanner_AndCatchesUpWhatItMissed()
    {
        var phone = await NewPageAsync(phone: true);
        // Keep every WebSocket the page opens, so the test can cut the line the way a dead spot does.
        await phone.AddInitScriptAsync("""
            window.__sockets = [];
            const Native = window.WebSocket;
            window.WebSocket = class extends Native { constructor(...args) { super(...args); window.__sockets.push(this); } };
            """);
        phone = await SignInOnAsync(phone, "inspector-03", "/m");
        await Expect(phone.Locator("#conn[data-state=online]")).ToBeAttachedAsync();
        var catchUps = new List<string>();
        phone.Request += (_, request) =>
        {
            if (request.Url.Contains("afterSeq=", StringComparison.Ordinal))
            {
                catchUps.Add(request.Url);
            }
        };

        // The line drops and stays down (every reconnect attempt fails) while an alert is raised.
        await phone.RouteAsync("**/hubs/monitor/negotiate**", route => route.AbortAsync());
        await phone.EvaluateAsync("() => window.__sockets.forEach(s => s.close())");
        await Expect(phone.Locator("#banner")).ToHaveTextAsync("连接中断，正在重连…");
        await Expect(phone.Locator("#conn")).ToHaveAttributeAsync("data-state", "reconnecting");
        await App.HorsePitRedAsync();
        await ScreenshotAsync(phone, "phone-reconnecting");
        Assert.Equal(0, await phone.Locator(".card").CountAsync());

        // The line comes back: the page reconnects by itself and fetches what it missed.
        await phone.UnrouteAsync("**/hubs/monitor/negotiate**");
        await Expect(phone.Locator(".card", new() { HasText = "hp-vib-01" })).ToBeVisibleAsync(new() { Timeout = 40_000 });
        await Expect(phone.Locator("#banner")).ToHaveTextAsync("已重新连接，补齐 1 条更新");
        await Expect(phone.Locator("#conn")).ToHaveAttributeAsync("data-state", "online");
        Assert.NotEmpty(catchUps);
    }
}
