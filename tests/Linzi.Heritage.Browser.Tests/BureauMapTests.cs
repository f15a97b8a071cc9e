using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>The bureau's live map in headless chromium against the real server and the demo registry.</summary>
public sealed class BureauMapTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Map_ShowsEveryZoneCellAndDevice_OnAPlainBackgroundWhenNoTilesLoad()
    {
        using var api = await App.ClientAsAsync("bureau");
        var zones = await api.GetFromJsonAsync<JsonElement>("/api/zones", TestContext.Current.CancellationToken);
        var cells = await api.GetFromJsonAsync<JsonElement>("/api/grid-cells", TestContext.Current.CancellationToken);
        var devices = await api.GetFromJsonAsync<JsonElement>("/api/devices", TestContext.Current.CancellationToken);

        var page = await SignInAsync("bureau", "/");

        await Expect(page.Locator("path.zone")).ToHaveCountAsync(zones.GetProperty("features").GetArrayLength());
        await Expect(page.Locator("path.zone-protection")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("path.zone-construction_control")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("path.cell[data-cell-id]")).ToHaveCountAsync(cells.GetProperty("features").GetArrayLength());
        await Expect(page.Locator(".device-marker[data-device-id]")).ToHaveCountAsync(devices.GetArrayLength());
        // The tiles cannot load here: the page says so and shows no broken images.
        await Expect(page.Locator("#map-notice")).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => [...document.images].filter(i => i.complete && i.naturalWidth === 0 && i.src).length"));
        await ScreenshotAsync(page, "bureau-map");
    }

    [Fact]
    public async Task Markers_ShowOnlineState_AndTrackedMachineryMovesLive()
    {
        var page = await SignInAsync("bureau", "/");
        var excavator = page.Locator(".device-marker[data-device-id='gnss-exc-01']");
        await Expect(excavator).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\boffline\b"));
        var before = await excavator.BoundingBoxAsync();

        using var device = await App.ConnectDeviceAsync("gnss-exc-01", HeritageApp.DemoDeviceSecret);
        await device.PublishAsync(Topics.Telemetry("qi-capital", "gnss-exc-01"), """{"readings":{"speed_m_s":1.2,"hdop":0.9},"lat":36.8700,"lon":118.3560}""");

        await Expect(excavator).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bonline\b"), new() { Timeout = LiveTimeoutMs });
        await Eventually.True(
            async () => await excavator.BoundingBoxAsync() is { } now && (Math.Abs(now.X - before!.X) > 5 || Math.Abs(now.Y - before.Y) > 5),
            "the excavator's marker to move");
        await excavator.HoverAsync(new() { Force = true });
        await Expect(page.Locator(".leaflet-tooltip")).ToContainTextAsync("1.2");
    }

    [Fact]
    public async Task DeviceNames_AreShownAsText_NeverAsMarkup()
    {
        using var maintenance = await App.ClientAsAsync("maintenance");
        using var created = await maintenance.PostAsJsonAsync(
            "/api/devices",
            new Contracts.Api.ProvisionDeviceRequest("qc-pir-09", "qi-capital", "pir", 36.8480, 118.3300, null, "<img src=x onerror=\"window.__injected=1\">"),
            TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        var page = await SignInAsync("bureau", "/");
        await page.Locator(".device-marker[data-device-id='qc-pir-09']").HoverAsync(new() { Force = true });

        var tooltip = page.Locator(".leaflet-tooltip");
        await Expect(tooltip).ToContainTextAsync("<img src=x");
        await Expect(tooltip.Locator("img")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === 1"));
    }
}
