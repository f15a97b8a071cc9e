using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// Patrol duties set on the administration page's grid section, and the live map's patrol coverage colours for the
/// bureau and for a chief (their own cells only).
/// </summary>
public sealed class PatrolDutyPagesTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Bureau_SetsADailyDutyForSelectedCells_OnTheGridSection()
    {
        var page = await SignInAsync("bureau", "/admin");
        await page.Locator("#tab-grid").ClickAsync();
        foreach (var cell in new[] { "qd-r1c2", "qd-r1c3" })
        {
            await page.Locator($"#grid-list tr[data-cell-id='{cell}'] input[type=checkbox]").CheckAsync();
        }

        var form = page.Locator("#grid-duty");
        await form.GetByLabel("频次", new() { Exact = true }).SelectOptionAsync("P1D");
        await form.GetByLabel("时段开始", new() { Exact = true }).FillAsync("20:00");
        await form.GetByLabel("时段结束", new() { Exact = true }).FillAsync("04:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "为选中网格设置" }).ClickAsync();

        await Expect(page.Locator("#status")).ToContainTextAsync("已为 2 个网格设置巡查要求");
        await Expect(page.Locator("#grid-list tr[data-cell-id='qd-r1c2']")).ToContainTextAsync("每日 20:00–04:00");
        using var api = await App.ClientAsAsync("bureau");
        var duties = await api.GetFromJsonAsync<JsonElement>("/api/patrol-duties", TestContext.Current.CancellationToken);
        Assert.Equal(
            [("qd-r1c2", "P1D", "20:00", "04:00"), ("qd-r1c3", "P1D", "20:00", "04:00")],
            duties.EnumerateArray().Select(d => (d.GetProperty("cellId").GetString(), d.GetProperty("every").GetString(), d.GetProperty("windowFrom").GetString(), d.GetProperty("windowTo").GetString())));
        await ScreenshotAsync(page, "admin-patrol-duty");

        // By site class: the other cells of 齐国故城 (national) become daily; the two set above keep their night round.
        await form.GetByRole(AriaRole.Button, new() { Name = "按保护级别设置（无人看管的国家级、省级每日，有人看管的及市级每月，县级每季度）" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("2 个网格保留原有要求");
        await Expect(page.Locator("#grid-list tr[data-cell-id='qd-r1c4']")).ToContainTextAsync("每日");
        await Expect(page.Locator("#grid-list tr[data-cell-id='qd-r1c2']")).ToContainTextAsync("每日 20:00–04:00");
    }

    [Fact]
    public async Task CoverageSwitch_ColoursTheDutyCells_AndAChiefSeesOnlyTheirOwn()
    {
        using (var api = await App.ClientAsAsync("bureau"))
        {
            foreach (var cell in new[] { "qd-r1c3", "qd-r1c4" }) // chief-gucheng's village, then chief-heyatou's
            {
                (await api.PutAsJsonAsync($"/api/patrol-duties/{cell}", new { every = "P1D" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            }
        }

        var bureau = await SignInAsync("bureau", "/");
        await bureau.Locator("#coverage-toggle").CheckAsync();
        await Expect(bureau.Locator("[data-cell-id='qd-r1c3'][data-coverage=due]")).ToBeAttachedAsync();
        await Expect(bureau.Locator("[data-cell-id='qd-r1c4'][data-coverage=due]")).ToBeAttachedAsync();
        await Expect(bureau.Locator("[data-cell-id='qd-r1c2'][data-coverage=none]")).ToBeAttachedAsync();
        await Expect(bureau.Locator("#coverage-legend")).ToBeVisibleAsync();
        await ScreenshotAsync(bureau, "map-patrol-coverage");

        var chief = await SignInAsync("chief-gucheng", "/m");
        await chief.GotoAsync("/");
        await Expect(chief.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        await chief.Locator("#coverage-toggle").CheckAsync();
        await Expect(chief.Locator("[data-cell-id='qd-r1c3'][data-coverage=due]")).ToBeAttachedAsync();
        await Expect(chief.Locator("[data-cell-id='qd-r1c4'][data-coverage=none]")).ToBeAttachedAsync();

        await bureau.Locator("#coverage-toggle").UncheckAsync();
        await Expect(bureau.Locator("[data-cell-id='qd-r1c3']")).Not.ToHaveAttributeAsync("data-coverage", new System.Text.RegularExpressions.Regex(".*"));
    }
}
