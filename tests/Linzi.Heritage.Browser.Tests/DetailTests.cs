using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>The bureau's alert detail, device detail and response board.</summary>
public sealed class DetailTests(BrowserFixture browser) : BrowserTest(browser)
{
    // The smallest valid JPEG header and end, enough for the server's content check.
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    [Fact]
    public async Task AlertDetail_ShowsChartTimelineAndPhoto_AndResolvingClearsTheCell()
    {
        await App.PublishAsync("horse-pit", "hp-vib-01", """{"readings":{"ppv_mm_s":0.1}}""");
        await App.HorsePitRedAsync();
        await App.StoredAsync("hp-vib-01", "ppv_mm_s", 2);
        var page = await SignInAsync("bureau", "/");

        await page.Locator(".alert-item", new() { HasText = "hp-vib-01" }).ClickAsync();
        var dialog = page.Locator("#alert-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#alert-timeline li[data-event-type=raised]")).ToHaveCountAsync(1);
        await Expect(dialog.Locator("#alert-chart canvas")).Not.ToHaveCountAsync(0);
        // Both readings are in the chart's series, and the rule's threshold is drawn.
        var series = await page.EvaluateAsync<double[]>("() => echarts.getInstanceByDom(document.getElementById('alert-chart')).getOption().series[0].data.map(p => p[1])");
        Assert.Equal([0.1, 0.9], series);
        Assert.Equal(0.25, await page.EvaluateAsync<double>("() => echarts.getInstanceByDom(document.getElementById('alert-chart')).getOption().series[0].markLine.data[1].yAxis"));

        await dialog.GetByLabel("处置说明").FillAsync("现场核查：附近道路施工");
        await dialog.Locator("#alert-photo").SetInputFilesAsync(new FilePayload { Name = "site.jpg", MimeType = "image/jpeg", Buffer = Jpeg });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Expect(dialog.Locator("#alert-attachments img")).ToHaveCountAsync(1);
        await Expect(dialog.Locator("#alert-timeline li[data-event-type=attachment]")).ToHaveCountAsync(1);

        await dialog.GetByLabel("处置结果").SelectOptionAsync("false_alarm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "办结" }).ClickAsync();
        await Expect(dialog.Locator("#alert-timeline li[data-event-type=resolved]")).ToContainTextAsync("误报");
        await ScreenshotAsync(page, "alert-detail");
        await page.Keyboard.PressAsync("Escape");

        await Expect(page.Locator("path[data-cell-id='qd-r1c5'][data-severity='none']")).ToBeAttachedAsync(new() { Timeout = LiveTimeoutMs });
        await Expect(page.Locator(".alert-item", new() { HasText = "hp-vib-01" })).ToHaveCountAsync(0); // the feed shows active alerts
        await page.GetByLabel("状态").SelectOptionAsync("resolved");
        await Expect(page.Locator(".alert-item[data-state=resolved]", new() { HasText = "hp-vib-01" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task DeviceDetail_ChartsHistory_AndTheRangeButtonsPickTheResolution()
    {
        await App.PublishAsync("horse-pit", "hp-clim-01", """{"readings":{"temp_c":9.5,"rh_pct":55},"battery_v":3.6}""");
        await App.StoredAsync("hp-clim-01", "temp_c", 1);
        var page = await SignInAsync("bureau", "/");

        // The pit's ten sensors overlap at the district's zoom; a marker is also reachable from the keyboard.
        await page.Locator(".device-marker[data-device-id='hp-clim-01']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.Locator("#device-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#device-facts")).ToContainTextAsync("3.6 V");
        await Expect(dialog.Locator("#device-resolution")).ToHaveTextAsync("分辨率：5m"); // 24 hours by default
        await Expect(dialog.Locator("#device-chart canvas")).Not.ToHaveCountAsync(0);
        Assert.Equal(9.5, await page.EvaluateAsync<double>("() => echarts.getInstanceByDom(document.getElementById('device-chart')).getOption().series[0].data[0][1]"));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "1 小时" }).ClickAsync();
        await Expect(dialog.Locator("#device-resolution")).ToHaveTextAsync("分辨率：原始数据");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "30 天" }).ClickAsync();
        await Expect(dialog.Locator("#device-resolution")).ToHaveTextAsync("分辨率：6h");
        await dialog.GetByLabel("指标").SelectOptionAsync("rh_pct");
        await Eventually.True(
            async () => await page.EvaluateAsync<double>("() => echarts.getInstanceByDom(document.getElementById('device-chart')).getOption().series[0].data[0]?.[1] ?? -1") == 55,
            "the chart to show relative humidity");
        await ScreenshotAsync(page, "device-detail");
    }

    [Fact]
    public async Task ResponseBoard_ShowsFiguresPerCellAndPerson()
    {
        await App.HorsePitRedAsync();
        var page = await SignInAsync("bureau", "/");

        await page.GetByRole(AriaRole.Tab, new() { Name = "考核" }).ClickAsync();

        var cells = page.Locator("#board table").First;
        await Expect(cells.Locator("tbody tr", new() { HasText = "qd-r1c5" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#board table tbody tr", new() { HasText = "inspector-03" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#board table tbody tr", new() { HasText = "chief-linzi" })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "response-board");
    }
}
