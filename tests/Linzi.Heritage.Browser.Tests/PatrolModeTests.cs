using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// The phone page's patrol mode, with the phone's location set by Playwright: inspector-03 walks from 齐都·古城 cell
/// qd-r1c2 into qd-r1c3, a spoofed position 50 km away is refused, and ending the patrol stops the sharing.
/// </summary>
public sealed class PatrolModeTests(BrowserFixture browser) : BrowserTest(browser)
{
    // A one-second dwell, so that a walk of a few seconds makes visits (the real minimum is five minutes).
    protected override IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>
    {
        ["Patrols:MinDwell"] = "00:00:01",
    };

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 3];

    private static Geolocation At(double lat, double lon) => new() { Latitude = (float)lat, Longitude = (float)lon, Accuracy = 10 };

    // The phone stays a little over the dwell in each place: visits are measured on the real clock here.
    private static async Task MoveAsync(IPage phone, double lat, double lon)
    {
        await phone.Context.SetGeolocationAsync(At(lat, lon));
        await Task.Delay(1_200, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Patrol_SharesLocationOnlyWhileItRuns_RecordsTheCellsVisited_AndShowsRefusedPositions()
    {
        var phone = await NewPageAsync(phone: true);
        await phone.Context.GrantPermissionsAsync(["geolocation"]);
        await phone.Context.SetGeolocationAsync(At(36.8755, 118.3442));
        phone = await SignInOnAsync(phone, "inspector-03", "/m");
        var state = phone.Locator("#patrol-state");
        await Expect(state).ToHaveTextAsync("未在巡查：不共享位置");

        await phone.Locator("#patrol-start").TapAsync();
        await Expect(state).ToHaveTextAsync("巡查中 · 正在共享位置（qd-r1c2）");
        // A walk across the cells' common edge (118.3445° E): a few metres a second, as a walker's phone reports.
        await MoveAsync(phone, 36.8755, 118.3443);   // still in qd-r1c2
        await MoveAsync(phone, 36.8755, 118.3447);   // qd-r1c3
        await MoveAsync(phone, 36.8755, 118.3448);
        await Expect(phone.Locator("#patrol-visits li[data-cell-id=qd-r1c2]")).ToBeVisibleAsync();
        await Expect(phone.Locator("#patrol-visits li[data-cell-id=qd-r1c3]")).ToBeVisibleAsync();
        await Expect(state).ToHaveTextAsync("巡查中 · 正在共享位置（qd-r1c3）");

        // The visit report of qd-r1c2 (the phone is a few metres over its edge now): a problem, a note, both views.
        var report = phone.Locator("#visit-report");
        await report.GetByLabel("到访网格").SelectOptionAsync("qd-r1c2");
        // The cell is in the Qi capital's ruins: their erosion item joins the form, with the site's named people.
        await report.GetByLabel("三查：城墙、台基无冲刷、坍塌、裂缝").SelectOptionAsync("ok");
        await Expect(report.Locator("#report-sites [data-site-id=qi-capital]")).ToContainTextAsync("巡查员 网格员 赵敏");
        await report.GetByLabel("三查：无盗掘、取土、违规施工").SelectOptionAsync("problem");
        await report.GetByLabel("情况说明").FillAsync("西北角发现新鲜盗洞一处");
        await phone.Locator("#report-distant").SetInputFilesAsync(new FilePayload { Name = "far.jpg", MimeType = "image/jpeg", Buffer = Jpeg });
        await phone.Locator("#report-close").SetInputFilesAsync(new FilePayload { Name = "near.jpg", MimeType = "image/jpeg", Buffer = Jpeg });
        await report.GetByRole(AriaRole.Button, new() { Name = "提交巡查记录" }).TapAsync();
        await Expect(phone.GetByText("巡查记录已提交")).ToBeVisibleAsync();

        await phone.Context.SetGeolocationAsync(At(36.8755 + (50 / 111.2), 118.3448)); // 50 km north a moment later
        await Expect(phone.Locator("#patrol-rejected")).ToHaveTextAsync("1 个位置未采用（速度异常或精度不足）");
        await ScreenshotAsync(phone, "phone-patrol");

        using var inspector = await App.ClientAsAsync("inspector-03");
        var id = (await inspector.GetFromJsonAsync<JsonElement>("/api/patrols/current", TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        await phone.Locator("#patrol-end").TapAsync();
        await Expect(state).ToHaveTextAsync("未在巡查：不共享位置");
        await Expect(phone.Locator("#patrol-start")).ToBeEnabledAsync();

        var patrol = await inspector.GetFromJsonAsync<JsonElement>($"/api/patrols/{id}", TestContext.Current.CancellationToken);
        Assert.NotEqual(JsonValueKind.Null, patrol.GetProperty("endedAt").ValueKind);
        Assert.Equal(["qd-r1c2", "qd-r1c3"], patrol.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("cellId").GetString()));
        Assert.All(patrol.GetProperty("visits").EnumerateArray(), v => Assert.True(v.GetProperty("dwellSeconds").GetInt64() >= 1));
        Assert.Equal(1, patrol.GetProperty("rejectedPositions").GetInt32());
        Assert.Equal(404, (int)(await inspector.GetAsync("/api/patrols/current", TestContext.Current.CancellationToken)).StatusCode);
        var reports = await inspector.GetFromJsonAsync<JsonElement>($"/api/patrols/{id}/reports", TestContext.Current.CancellationToken);
        var kept = Assert.Single(reports.EnumerateArray());
        Assert.Equal(("qd-r1c2", "problem", "西北角发现新鲜盗洞一处"), (kept.GetProperty("cellId").GetString(), kept.GetProperty("checks").GetProperty("digging").GetString(), kept.GetProperty("note").GetString()));
        Assert.Equal("ok", kept.GetProperty("checks").GetProperty("erosion").GetString());
        Assert.Equal(2, kept.GetProperty("photos").GetArrayLength());
    }

    [Fact]
    public async Task PatrolMode_IsOnlyForInspectors()
    {
        var chief = await SignInAsync("chief-qidu", "/m", phone: true);

        await Expect(chief.Locator("#patrol")).ToBeHiddenAsync();
    }
}
