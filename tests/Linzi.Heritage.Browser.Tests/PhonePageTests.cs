using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>The inspector's phone page: attention on a new alert, navigation, installability and a light payload.</summary>
public sealed class PhonePageTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task NewAlert_Vibrates_ShowsANotification_AndOffersNavigation()
    {
        var phone = await NewPageAsync(phone: true);
        await phone.Context.GrantPermissionsAsync(["notifications"]);
        // Record what the page asks of the phone; headless chromium has no vibration motor or notification tray.
        await phone.AddInitScriptAsync("""
            window.__vibrations = [];
            window.__notifications = [];
            navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };
            ServiceWorkerRegistration.prototype.showNotification = function (title, options) { window.__notifications.push({ title, options }); return Promise.resolve(); };
            """);
        phone = await SignInOnAsync(phone, "inspector-03", "/m");
        await Expect(phone.Locator("#conn[data-state=online]")).ToBeAttachedAsync();
        // Permission is already granted, so the button says so; a tap still opens the audio for the beep.
        await Expect(phone.Locator("#notify")).ToHaveTextAsync("提醒已开启");
        await phone.Locator("#notify").TapAsync();
        await phone.EvaluateAsync("() => navigator.serviceWorker.ready");

        await App.HorsePitRedAsync();

        var card = phone.Locator(".card", new() { HasText = "hp-vib-01" });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = LiveTimeoutMs });
        await Eventually.True(async () => await phone.EvaluateAsync<int>("() => window.__notifications.length") == 1, "a notification");
        Assert.Equal(1, await phone.EvaluateAsync<int>("() => window.__vibrations.length"));
        Assert.Contains("hp-vib-01", await phone.EvaluateAsync<string>("() => window.__notifications[0].title"), StringComparison.Ordinal);

        // Navigation to the sensor: a geo: URI for any map app and an Amap link in WGS84.
        await Expect(card.Locator("a.geo")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^geo:36\.\d+,118\.\d+\?q="));
        await Expect(card.Locator("a.amap")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^https://uri\.amap\.com/marker\?position=118\.\d+,36\.\d+.*coordinate=wgs84"));
        await ScreenshotAsync(phone, "phone-new-alert");
    }

    [Fact]
    public async Task Page_IsInstallable_AndLight_OnASlowConnection()
    {
        // A cold load, cache empty: the page's scripts load, then it sends the stranger to sign in.
        var cold = await NewPageAsync(phone: true);
        var scripts = new List<IResponse>();
        cold.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "script" && new Uri(response.Url).AbsolutePath != "/js/signin.js")
            {
                scripts.Add(response);
            }
        };
        await cold.GotoAsync("/m");
        await cold.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await cold.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // No map or chart library on the phone, and what it loads comes compressed.
        var urls = scripts.Select(r => r.Url).ToList();
        Assert.Contains(urls, u => u.EndsWith("/js/m.js", StringComparison.Ordinal));
        Assert.DoesNotContain(urls, u => u.Contains("leaflet", StringComparison.Ordinal) || u.Contains("echarts", StringComparison.Ordinal));
        var signalR = scripts.Single(r => r.Url.EndsWith("signalr.min.js", StringComparison.Ordinal));
        Assert.Contains((await signalR.AllHeadersAsync()).GetValueOrDefault("content-encoding"), new[] { "br", "gzip" });
        long transferred = 0;
        foreach (var script in scripts)
        {
            transferred += (await script.Request.SizesAsync()).ResponseBodySize;
        }

        Assert.True(transferred is > 0 and < 60 * 1024, $"the phone page transfers {transferred} bytes of script");

        var phone = await SignInAsync("inspector-03", "/m", phone: true);
        await Expect(phone.Locator("#conn[data-state=online]")).ToBeAttachedAsync();

        // Installable: a manifest with a start URL and PNG icons that exist, and a service worker in control.
        var manifestUrl = await phone.Locator("link[rel=manifest]").GetAttributeAsync("href");
        var manifest = JsonDocument.Parse(await (await phone.APIRequest.GetAsync(manifestUrl!)).TextAsync()).RootElement;
        Assert.Equal("/m", manifest.GetProperty("start_url").GetString());
        Assert.Equal("standalone", manifest.GetProperty("display").GetString());
        foreach (var icon in manifest.GetProperty("icons").EnumerateArray())
        {
            var response = await phone.APIRequest.GetAsync(icon.GetProperty("src").GetString()!);
            Assert.Equal(200, response.Status);
            Assert.Equal(icon.GetProperty("type").GetString(), response.Headers["content-type"]);
        }

        Assert.True(await phone.EvaluateAsync<bool>("async () => !!(await navigator.serviceWorker.ready)"));
    }
}
