using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// The administration page against the real APIs: accounts with their one-time temporary password and a refusal
/// shown, the zone import's dry run drawn on the map then applied, grid generation previewed then created, and
/// bulk assignment of cells picked on the map.
/// </summary>
public sealed class AdminPageApiTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task People_CreateAccount_ShowsTheTemporaryPasswordOnce_AndADuplicateIsRefusedWithItsReason()
    {
        var page = await OpenSectionAsync("bureau", "people");
        await Expect(page.Locator("#people-list tr[data-username='inspector-03']")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }).ClickAsync();
        var form = page.Locator("#people-form");
        await form.GetByLabel("用户名", new() { Exact = true }).FillAsync("inspector-99");
        await form.GetByLabel("姓名", new() { Exact = true }).FillAsync("新网格员");
        await form.GetByLabel("角色", new() { Exact = true }).SelectOptionAsync("inspector");
        await form.GetByLabel("手机号", new() { Exact = true }).FillAsync("13800000099");
        await form.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();

        var once = page.Locator("#people-once .once");
        await Expect(once).ToContainTextAsync("inspector-99 的临时密码（只显示这一次）");
        var password = (await once.Locator("code").TextContentAsync())!.Trim();
        Assert.True(password.Length >= 8, $"temporary password '{password}'");
        await Expect(page.Locator("#people-list tr[data-username='inspector-99']")).ToContainTextAsync("新网格员");
        await Expect(page.Locator("#people-list tr[data-username='inspector-99']")).ToContainTextAsync("须修改密码");
        await ScreenshotAsync(page, "admin-people-temporary-password");

        // The password really is the account's: it signs in, and must be changed.
        using (var anonymous = App.CreateClient())
        {
            using var token = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "inspector-99", password }, Cancel);
            token.EnsureSuccessStatusCode();
            Assert.True((await token.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("mustChangePassword").GetBoolean());
        }

        await once.GetByRole(AriaRole.Button, new() { Name = "我已保存，关闭" }).ClickAsync();
        await Expect(page.Locator("#people-once")).Not.ToContainTextAsync(password);
        await page.ReloadAsync();
        await page.Locator("#tab-people").ClickAsync();
        await Expect(page.Locator("#people-list tr[data-username='inspector-99']")).ToBeVisibleAsync();
        Assert.DoesNotContain(password, await page.ContentAsync(), StringComparison.Ordinal);

        // The same username again: the server's 409 and its reason are shown.
        await page.GetByRole(AriaRole.Button, new() { Name = "新建账号" }).ClickAsync();
        await form.GetByLabel("用户名", new() { Exact = true }).FillAsync("inspector-99");
        await form.GetByLabel("姓名", new() { Exact = true }).FillAsync("重复");
        await form.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-kind", "bad");
        await Expect(page.Locator("#status")).ToContainTextAsync("inspector-99' is taken");
        await Expect(form.Locator(".form-message")).ToContainTextAsync("is taken");
        await Expect(page.Locator("#people-once .once")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task People_CsvImport_DryRunListsTheBadRows_ThenImportShowsThePasswordsOnce()
    {
        var page = await OpenSectionAsync("bureau", "people");
        var import = page.Locator("#people-import");
        await import.Locator("textarea").FillAsync("username,displayName,role,phone\ncsv-a,甲,inspector,\ncsv-b,乙,janitor,\n");
        await import.GetByRole(AriaRole.Button, new() { Name = "试导入" }).ClickAsync();
        await Expect(page.Locator("#people-report")).ToContainTextAsync("role");
        await Expect(page.Locator("#people-report tr", new() { HasText = "role" })).ToContainTextAsync("3");
        await Expect(import.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true })).ToBeDisabledAsync();

        await import.Locator("textarea").FillAsync("username,displayName,role,phone\ncsv-a,甲,inspector,\ncsv-b,乙,chief,\n");
        await import.GetByRole(AriaRole.Button, new() { Name = "试导入" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("试导入通过");
        await import.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await Expect(page.Locator("#people-once .once")).ToContainTextAsync("2 个新账号的临时密码");
        await Expect(page.Locator("#people-once code")).ToContainTextAsync("csv-b");
        await Expect(page.Locator("#people-list tr[data-username='csv-a']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Zones_ImportDryRun_IsDrawnWithItsDiff_ThenApplied()
    {
        var page = await OpenSectionAsync("bureau", "sites");
        var form = page.Locator("#zones-import");
        await form.GetByLabel("文物点", new() { Exact = true }).SelectOptionAsync("horse-pit");
        await form.GetByLabel("区域文件").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "xunma-zones.geojson"));
        await form.GetByRole(AriaRole.Button, new() { Name = "试导入" }).ClickAsync();

        await Expect(page.Locator("#status")).ToContainTextAsync("试导入：新增 2，变更 0，删除 2");
        await Expect(page.Locator("#zones-report .diff-added")).ToContainTextAsync("xunma-protection");
        await Expect(page.Locator("#zones-report .diff-removed")).ToContainTextAsync("horse-pit-protection");
        // Drawn: the two imported zones as added, the two they replace as removed.
        await Expect(page.Locator("path[data-zone-diff='added']")).ToHaveCountAsync(2);
        await Expect(page.Locator("path[data-zone-diff='added'][data-zone-id='xunma-control']")).ToBeAttachedAsync();
        await Expect(page.Locator("path[data-zone-diff='removed'][data-zone-id='horse-pit-protection']")).ToBeAttachedAsync();
        await ScreenshotAsync(page, "admin-zones-dry-run");

        using var api = await App.ClientAsAsync("bureau");
        Assert.DoesNotContain("xunma-protection", await api.GetStringAsync("/api/zones", Cancel), StringComparison.Ordinal);

        await form.GetByRole(AriaRole.Button, new() { Name = "应用导入" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("已导入：新增 2，变更 0，删除 2");
        var zones = await api.GetStringAsync("/api/zones", Cancel);
        Assert.Contains("xunma-protection", zones, StringComparison.Ordinal);
        Assert.DoesNotContain("horse-pit-protection", zones, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sites_KindGuardAndNamedPeople_AreSetOnTheSiteForm_AndABadPhoneIsShownInPlace()
    {
        var page = await OpenSectionAsync("bureau", "sites");
        await page.Locator("#sites-list tr[data-site-id='horse-pit']").GetByRole(AriaRole.Button, new() { Name = "编辑 东周殉马坑" }).ClickAsync();
        var form = page.Locator("#site-form");
        await Expect(form.GetByLabel("类别", new() { Exact = true })).ToHaveValueAsync("tomb"); // as the demo registry has it
        var patroller = form.Locator(".steward[data-role=patroller]");
        await patroller.GetByLabel("姓名").FillAsync("王大爷");
        await patroller.GetByLabel("电话").FillAsync("call me");
        await patroller.GetByLabel("账号（如有）").SelectOptionAsync("");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(form.Locator("[data-field='stewards.patroller.phone'] .field-error")).Not.ToBeEmptyAsync();

        await patroller.GetByLabel("电话").FillAsync("138 0000 0000");
        await form.GetByLabel("有人看管（驻场值守、展厅）").UncheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("#sites-list tr[data-site-id='horse-pit']")).ToContainTextAsync("王大爷");

        using var api = await App.ClientAsAsync("bureau");
        var site = (await api.GetFromJsonAsync<JsonElement>("/api/sites", Cancel)).EnumerateArray().Single(s => s.GetProperty("id").GetString() == "horse-pit");
        var person = site.GetProperty("stewards").GetProperty("patroller");
        Assert.Equal(("王大爷", "138 0000 0000", JsonValueKind.Null, false, "tomb"), (person.GetProperty("name").GetString(), person.GetProperty("phone").GetString(),
            person.GetProperty("username").ValueKind, site.GetProperty("staffed").GetBoolean(), site.GetProperty("kind").GetString()));
        Assert.Equal("chief-heyatou", site.GetProperty("stewards").GetProperty("responsible").GetProperty("username").GetString()); // untouched roles stay
    }

    [Fact]
    public async Task Grid_GenerationIsPreviewedOnTheMap_ThenCreated()
    {
        using var api = await App.ClientAsAsync("bureau");
        var before = (await api.GetFromJsonAsync<JsonElement>("/api/grid-cells", Cancel)).GetProperty("features").GetArrayLength();

        var page = await OpenSectionAsync("bureau", "grid");
        var form = page.Locator("#grid-generate");
        await form.GetByLabel("文物点", new() { Exact = true }).SelectOptionAsync("horse-pit");
        await form.GetByLabel("边长（米）").FillAsync("100");
        await form.GetByLabel("编号前缀").FillAsync("hp-g");
        await form.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();

        await Expect(page.Locator("#status")).ToContainTextAsync("尚未创建");
        var status = (await page.Locator("#status").TextContentAsync())!;
        var n = int.Parse(System.Text.RegularExpressions.Regex.Match(status, @"(\d+) 个网格").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(n > 1, status);
        await Expect(page.Locator("path[data-preview-cell]")).ToHaveCountAsync(n);
        await Expect(page.Locator("path[data-preview-cell^='hp-g']").First).ToBeAttachedAsync();
        await ScreenshotAsync(page, "admin-grid-preview");
        Assert.Equal(before, (await api.GetFromJsonAsync<JsonElement>("/api/grid-cells", Cancel)).GetProperty("features").GetArrayLength());

        await form.GetByRole(AriaRole.Button, new() { Name = "创建网格" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"已创建 {n} 个网格");
        await Expect(page.Locator("path[data-preview-cell]")).ToHaveCountAsync(0);
        await Expect(page.Locator("path[data-cell-id^='hp-g']")).ToHaveCountAsync(n);
        await Expect(page.Locator("#grid-list tr[data-cell-id^='hp-g']")).ToHaveCountAsync(n);
        var cells = await api.GetFromJsonAsync<JsonElement>("/api/grid-cells", Cancel);
        Assert.Equal(n, cells.GetProperty("features").EnumerateArray().Count(f => f.GetProperty("properties").GetProperty("id").GetString()!.StartsWith("hp-g", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Grid_CellsSelectedOnTheMap_AreAssignedToAnInspectorAndChiefs()
    {
        using var api = await App.ClientAsAsync("bureau");
        var ids = (await api.GetFromJsonAsync<JsonElement>("/api/grid-cells", Cancel)).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("inspector").GetString() != "inspector-14")
            .Select(p => p.GetProperty("id").GetString()!).Take(2).ToArray();
        Assert.Equal(2, ids.Length);

        var page = await OpenSectionAsync("bureau", "grid");
        foreach (var id in ids)
        {
            var cell = page.Locator($"path[data-cell-id='{id}']");
            await cell.ScrollIntoViewIfNeededAsync();
            await cell.DispatchEventAsync("click");
            await Expect(cell).ToHaveAttributeAsync("data-selected", "true");
        }

        await Expect(page.Locator("#grid-assign .selection-count")).ToHaveTextAsync("已选择 2 个网格");
        var form = page.Locator("#grid-assign");
        await form.GetByLabel("网格员", new() { Exact = true }).SelectOptionAsync("inspector-14");
        await form.GetByLabel("村级文物长").SelectOptionAsync("chief-qidu");
        await form.GetByLabel("区级文物长").SelectOptionAsync("chief-linzi");
        await form.GetByRole(AriaRole.Button, new() { Name = "分配", Exact = true }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("已将 2 个网格分配给 inspector-14");

        var cells = await api.GetFromJsonAsync<JsonElement>("/api/grid-cells", Cancel);
        foreach (var id in ids)
        {
            var properties = cells.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
                .Single(p => p.GetProperty("id").GetString() == id);
            var chain = properties.GetProperty("chain").EnumerateArray().Select(c => c.GetString()!).ToArray();
            Assert.Equal(["inspector-14", "chief-qidu", "chief-linzi"], chain);
        }

        await Expect(page.Locator($"#grid-list tr[data-cell-id='{ids[0]}']")).ToContainTextAsync("inspector-14");
    }

    [Fact]
    public async Task Devices_ListShowsTheLifeCycleState_RevokedAndDecommissionedKeepOnlyTheActionsThatApply()
    {
        using (var api = await App.ClientAsAsync("maintenance"))
        {
            (await api.DeleteAsync("/api/devices/do-crack-01", Cancel)).EnsureSuccessStatusCode();
        }

        var page = await OpenSectionAsync("maintenance", "devices");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        var retired = page.Locator("#devices-list tr[data-device-id='do-crack-01']");
        await Expect(retired).ToHaveAttributeAsync("data-state", "decommissioned");
        await Expect(retired).ToContainTextAsync("已退役");
        await Expect(retired.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(page.Locator("path[data-device-id='do-crack-01']")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "吊销 do-pir-01" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("已吊销 do-pir-01");
        var revoked = page.Locator("#devices-list tr[data-device-id='do-pir-01']");
        await Expect(revoked).ToHaveAttributeAsync("data-state", "revoked");
        await Expect(revoked).ToContainTextAsync("已吊销");
        await Expect(revoked.GetByRole(AriaRole.Button, new() { Name = "吊销 do-pir-01" })).ToHaveCountAsync(0);
        await Expect(revoked.GetByRole(AriaRole.Button, new() { Name = "退役 do-pir-01" })).ToBeVisibleAsync();
        await Expect(page.Locator("#devices-list tr[data-device-id='do-pir-02'], #devices-list tr[data-state='active']").First).ToContainTextAsync("在用");
    }

    private async Task<IPage> OpenSectionAsync(string user, string section)
    {
        var page = await SignInAsync(user, "/admin");
        await page.Locator($"#tab-{section}").ClickAsync();
        await Expect(page.Locator($"body[data-section={section}]")).ToBeAttachedAsync();
        return page;
    }
}
