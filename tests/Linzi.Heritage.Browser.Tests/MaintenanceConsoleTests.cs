using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Microsoft.Playwright;
using MQTTnet;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>The maintenance console: provisioning with the one-time secret, device health, rejected payloads, store status.</summary>
public sealed class MaintenanceConsoleTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Provisioning_ShowsTheSecretOnce_AndThatSecretConnectsOverMqtt()
    {
        var page = await SignInAsync("maintenance", "/maintenance");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await page.GetByLabel("设备编号").FillAsync("hp-vib-09");
        await page.GetByLabel("名称").FillAsync("殉马坑东侧振动");
        await page.GetByLabel("遗址").SelectOptionAsync("horse-pit");
        await page.GetByLabel("类型").SelectOptionAsync("vibration");
        await page.GetByLabel("纬度").FillAsync(Telemetry.HorsePitLat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("经度").FillAsync(Telemetry.HorsePitLon.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();

        await Expect(page.Locator("#secret")).ToBeVisibleAsync();
        var secret = await page.Locator("#secret-value").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(secret));
        await Expect(page.Locator("#secret-mqtt")).ToContainTextAsync("heritage/horse-pit/hp-vib-09/telemetry");
        await page.GetByRole(AriaRole.Button, new() { Name = "复制密钥" }).ClickAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await ScreenshotAsync(page, "maintenance-provisioned");

        // The new device is in the health table, and the secret on screen is the one the broker accepts.
        await Expect(page.Locator("#devices tr[data-device-id='hp-vib-09']")).ToBeVisibleAsync();
        var (client, result) = await App.TryConnectDeviceAsync("hp-vib-09", secret!);
        using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        }

        // Shown once: a reload does not bring it back.
        await page.ReloadAsync();
        await Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        await Expect(page.Locator("#secret")).ToBeHiddenAsync();
        Assert.DoesNotContain(secret!, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidProvisioning_ShowsTheServersReason()
    {
        var page = await SignInAsync("maintenance", "/maintenance");
        await page.GetByLabel("设备编号").FillAsync("hp-vib-01"); // already provisioned
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();

        await Expect(page.Locator("#provision-message")).ToContainTextAsync("hp-vib-01");
        await Expect(page.Locator("#secret")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Console_ShowsDeviceHealth_RejectedPayloadsWithReasons_AndTheJournal()
    {
        using (var device = await App.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret))
        {
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"temp_c":9.5,"rh_pct":55},"battery_v":3.2,"rssi_dbm":-77}""");
            await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"temp_c":"warm"}}""");
        }

        using var api = await App.ClientAsAsync("maintenance");
        await Eventually.True(
            async () => (await api.GetFromJsonAsync<List<object>>("/api/ingestion/rejected", TestContext.Current.CancellationToken))!.Count == 1,
            "the rejected payload to be kept");

        var page = await SignInAsync("maintenance", "/maintenance");
        var row = page.Locator("#devices tr[data-device-id='hp-clim-01']");
        await Expect(row).ToContainTextAsync("3.2 V");
        await Expect(row).ToContainTextAsync("-77 dBm");
        await Expect(row.Locator("td.bad", new() { HasText = "3.2 V" })).ToHaveCountAsync(1); // low battery is flagged
        await Expect(page.Locator("#rejected tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#rejected tbody tr")).ToContainTextAsync("temp_c");
        await Expect(page.Locator("#stats")).ToContainTextAsync("已接收读数");
        await Expect(page.Locator("#readiness p.good")).Not.ToHaveCountAsync(0);
        await ScreenshotAsync(page, "maintenance-console");
    }

    [Fact]
    public async Task Inspector_IsToldTheConsoleIsNotForThem()
    {
        var page = await SignInAsync("inspector-03", "/maintenance");
        await Expect(page.Locator("#forbidden")).ToBeVisibleAsync();
        await Expect(page.Locator("#devices")).ToBeHiddenAsync();
    }
}
