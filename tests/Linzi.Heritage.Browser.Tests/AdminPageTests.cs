using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Linzi.Heritage.Browser.Tests;

/// <summary>
/// The administration page (/admin): rules through the form with the API's field errors in place, the suggested
/// defaults, permits on the map, who may see which section, and axe. People, zones, grid and devices need APIs that
/// are built in other branches; their tests come with them.
/// </summary>
public sealed class AdminPageTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task Rules_CreateThresholdRule_ShowsTheFieldErrorInPlace_ThenSavesAndDrawsItsScope()
    {
        var page = await SignInAsync("bureau", "/admin");
        await Expect(page.Locator("#tab-rules")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.Locator("#rules-list tr[data-rule-id='horse-pit-ppv-red']")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "新建规则" }).ClickAsync();
        var form = page.Locator("#rule-form");
        await form.GetByLabel("规则编号", new() { Exact = true }).FillAsync("hp-test-ppv");
        await form.GetByLabel("名称", new() { Exact = true }).FillAsync("殉马坑振动（测试）");
        await form.GetByLabel("级别", new() { Exact = true }).SelectOptionAsync("orange");
        await form.GetByLabel("指标", new() { Exact = true }).SelectOptionAsync("ppv_mm_s");
        await form.GetByLabel("比较", new() { Exact = true }).SelectOptionAsync(">");
        await form.GetByLabel("限值", new() { Exact = true }).FillAsync("0.25");
        // On the wrong side of the limit: the server refuses, naming condition.clearValue.
        await form.GetByLabel("解除值（回差）").FillAsync("0.3");
        await form.GetByLabel("文物点", new() { Exact = true }).SelectOptionAsync("horse-pit");
        await form.GetByLabel("区域类型", new() { Exact = true }).SelectOptionAsync("protection");
        await form.GetByRole(AriaRole.Button, new() { Name = "创建规则" }).ClickAsync();

        var clearValue = form.Locator("[data-field='condition.clearValue']");
        await Expect(clearValue.Locator(".field-error")).Not.ToBeEmptyAsync();
        await Expect(clearValue.Locator("input")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(clearValue.Locator("input")).ToBeFocusedAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-kind", "bad");
        await Expect(page.Locator("#status")).ToContainTextAsync("condition.clearValue");
        await ScreenshotAsync(page, "admin-rule-field-error");

        await form.GetByLabel("解除值（回差）").FillAsync("0.2");
        await Expect(clearValue.Locator("input")).ToHaveValueAsync("0.2");
        await form.GetByRole(AriaRole.Button, new() { Name = "创建规则" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("已创建规则 hp-test-ppv");
        await Expect(page.Locator("#rules-list tr[data-rule-id='hp-test-ppv']")).ToContainTextAsync("殉马坑振动（测试）");
        // The saved rule stays selected, its zone highlighted on the map.
        await Expect(page.Locator("[data-scope-zone='horse-pit-protection']")).ToBeAttachedAsync();

        using var api = await App.ClientAsAsync("bureau");
        var saved = await api.GetFromJsonAsync<JsonElement>("/api/rules/hp-test-ppv", TestContext.Current.CancellationToken);
        Assert.Equal(0.25, saved.GetProperty("condition").GetProperty("value").GetDouble());
        Assert.Equal(0.2, saved.GetProperty("condition").GetProperty("clearValue").GetDouble());
        Assert.Equal("orange", saved.GetProperty("severity").GetString());
        Assert.Equal("horse-pit", saved.GetProperty("scope").GetProperty("siteIds")[0].GetString());
    }

    [Fact]
    public async Task Rules_SuggestedDefaults_LoadIntoTheListAndForm_AndSave()
    {
        var page = await OpenSectionAsync("bureau", "rules");
        await page.Locator("#rules-defaults-site").SelectOptionAsync("horse-pit");
        await page.GetByRole(AriaRole.Button, new() { Name = "从建议默认值开始" }).ClickAsync();

        var suggested = page.Locator("#rules-list tr[data-suggested='true']");
        await Expect(suggested.First).ToBeVisibleAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("建议规则");
        var id = await suggested.First.GetAttributeAsync("data-rule-id");
        await Expect(page.Locator("#rule-form [data-field='id'] input")).ToHaveValueAsync(id!);

        await page.Locator("#rule-form").GetByRole(AriaRole.Button, new() { Name = "创建规则" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync($"已创建规则 {id}");
        await Expect(page.Locator($"#rules-list tr[data-rule-id='{id}'][data-suggested='false']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Rules_DeleteAsksFirst()
    {
        var page = await OpenSectionAsync("bureau", "rules");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "删除 tilt-x" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("已删除规则 tilt-x");
        await Expect(page.Locator("#rules-list tr[data-rule-id='tilt-x']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Permits_AreDrawnOnTheMapWithApprovalNumberAndValidity_AndTheFormShowsErrorsInPlace()
    {
        using var api = await App.ClientAsAsync("bureau");
        var now = TimeProvider.System.GetUtcNow();
        var created = await api.PostAsJsonAsync("/api/permits", new
        {
            id = "hall-roof",
            approvalNumber = "临文旅许〔2026〕17号",
            contractor = "淄博古建修缮有限公司",
            wkt = "POLYGON ((118.3500 36.8600, 118.3520 36.8600, 118.3520 36.8620, 118.3500 36.8620, 118.3500 36.8600))",
            from = now.AddDays(-1),
            to = now.AddDays(20),
        }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();

        var page = await OpenSectionAsync("bureau", "works");
        await Expect(page.Locator("path[data-permit-id='hall-roof']")).ToBeAttachedAsync();
        await Expect(page.Locator(".permit-label")).ToContainTextAsync("临文旅许〔2026〕17号");
        await Expect(page.Locator("#permits-list tr[data-permit-id='hall-roof']")).ToContainTextAsync("生效中");

        await page.GetByRole(AriaRole.Button, new() { Name = "新建许可" }).ClickAsync();
        var form = page.Locator("#permit-form");
        await form.GetByLabel("编号", new() { Exact = true }).FillAsync("gate-works");
        await form.GetByLabel("施工单位").FillAsync("某公司");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(form.Locator("[data-field='approvalNumber'] .field-error")).Not.ToBeEmptyAsync();
        await Expect(form.Locator("[data-field='wkt'] .field-error")).Not.ToBeEmptyAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-kind", "bad");
        await ScreenshotAsync(page, "admin-permits");
    }

    [Fact]
    public async Task Access_MaintenanceSeesOnlyDevices_InspectorsGetNoAccess()
    {
        var maintenance = await SignInAsync("maintenance", "/admin");
        await Expect(maintenance.Locator("[role=tab]")).ToHaveCountAsync(1);
        await Expect(maintenance.Locator("#tab-devices")).ToHaveAttributeAsync("aria-selected", "true");

        var inspector = await SignInAsync("inspector-03", "/admin");
        await Expect(inspector.Locator("#forbidden")).ToBeVisibleAsync();
        await Expect(inspector.Locator("main.admin")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AdminPage_HasNoAxeViolations_AndBothLanguagesHaveTheSameKeys()
    {
        var page = await OpenSectionAsync("bureau", "rules");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建规则" }).ClickAsync();
        await ScreenshotAsync(page, "admin-rules");
        AssertAxeClean(await page.RunAxe(WcagAa()), "rules form");

        var missing = await page.EvaluateAsync<string[]>("""
            async () => {
              const zh = (await import('/js/strings/admin-zh.js')).default;
              const en = (await import('/js/strings/admin-en.js')).default;
              return [...Object.keys(zh).filter(k => !(k in en)), ...Object.keys(en).filter(k => !(k in zh))];
            }
            """);
        Assert.Empty(missing);
    }

    [Fact]
    public async Task AlertText_NamesTheMetricAndUnitInThePagesLanguage()
    {
        await App.HorsePitRedAsync();
        using var api = await App.ClientAsAsync("bureau");
        var message = "";
        await Eventually.True(async () =>
        {
            var alerts = await api.GetFromJsonAsync<JsonElement>("/api/alerts?state=open", TestContext.Current.CancellationToken);
            message = alerts.GetArrayLength() > 0 ? alerts[0].GetProperty("message").GetString()! : "";
            return message.Length > 0;
        }, "the alert to be raised");
        Assert.Contains("振动速度 0.9 mm/s，超过限值 0.25 mm/s", message, StringComparison.Ordinal);
        Assert.DoesNotContain("ppv_mm_s", message, StringComparison.Ordinal);

        var page = await SignInAsync("bureau", "/");
        var item = page.Locator(".alert-item").First;
        await Expect(item).ToContainTextAsync("振动速度 0.9 mm/s，超过限值 0.25 mm/s");
        await Expect(item).Not.ToContainTextAsync("ppv_mm_s");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator(".alert-item").First).ToContainTextAsync("Vibration (PPV) 0.9 mm/s, above the limit 0.25 mm/s");

        var phone = await SignInAsync("inspector-03", "/m", phone: true);
        await Expect(phone.Locator(".card .message")).ToContainTextAsync("振动速度 0.9 mm/s，超过限值 0.25 mm/s");
    }

    [Fact]
    public async Task EverySection_OpensWithoutScriptErrors_AndSaysWhyWhenItsApiRefuses()
    {
        var page = await NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await SignInOnAsync(page, "bureau", "/admin");
        foreach (var section in new[] { "people", "sites", "grid", "devices", "works", "audit", "rules" })
        {
            await page.Locator($"#tab-{section}").ClickAsync();
            await Expect(page.Locator($"body[data-section={section}]")).ToBeAttachedAsync();
            await Expect(page.Locator($"#panel-{section}")).ToBeVisibleAsync();
            await ScreenshotAsync(page, $"admin-{section}");
            AssertAxeClean(await page.RunAxe(WcagAa()), section);
        }

        // Arrow keys move between the tabs, as the ARIA tabs pattern expects.
        await page.Locator("#tab-rules").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#tab-works")).ToBeFocusedAsync();
        await Expect(page.Locator("#panel-works")).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    private async Task<IPage> OpenSectionAsync(string user, string section)
    {
        var page = await SignInAsync(user, "/admin");
        await page.Locator($"#tab-{section}").ClickAsync();
        await Expect(page.Locator($"body[data-section={section}]")).ToBeAttachedAsync();
        return page;
    }

    private static AxeRunOptions WcagAa() => new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private static void AssertAxeClean(AxeResult results, string where) =>
        Assert.True(results.Violations.Length == 0, $"{where}: " + string.Join("\n", results.Violations.Select(v =>
            $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})")));
}
