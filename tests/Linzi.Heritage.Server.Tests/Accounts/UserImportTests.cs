using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Accounts;

/// <summary><c>POST /api/users/import</c>: a CSV of people, checked row by row, imported all together or not at all.</summary>
public sealed class UserImportTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private const string GoodCsv = """
        username,displayName,role,phone
        wang.jg,王建国,inspector,13912345678
        li.xiuying,"李秀英, 齐都镇",chief,+8613812345678
        zhang.wei,张伟,maintenance,
        """;

    [Fact]
    public async Task DryRun_WithBadRows_ReportsEachByLineAndField_AndImportsNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        const string csv = """
            username,displayName,role,phone
            wang.jg,王建国,inspector,13912345678
            wang.jg,王建国二,inspector,
            inspector-01,已有的人,inspector,
            li.na,李娜,admin,
            zhao.lei,赵磊,chief,139
            ,无名,chief,
            sun.li,,chief,
            qian.bo,钱波,chief
            """;

        var report = await PostAsync(bureau, csv, dryRun: true);

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(8, report.Body.Rows);
        Assert.Equal(
            [(3, "username"), (4, "username"), (5, "role"), (6, "phone"), (7, "username"), (8, "displayName"), (9, "row")],
            report.Body.Errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("line 2", report.Body.Errors[0].Message, StringComparison.Ordinal);
        Assert.Empty(report.Body.Created);
        using var wang = await bureau.GetAsync("/api/users/wang.jg", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, wang.StatusCode);
    }

    [Fact]
    public async Task Import_WithABadRow_Is400WithTheSameReport_AndImportsNothing()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        using var response = await bureau.PostAsync("/api/users/import?dryRun=false", Csv(GoodCsv + "\nsun.li,孙丽,boss,"), TestContext.Current.CancellationToken);

        Assert.Equal(["line 5: role"], await AccountClient.ProblemFieldsAsync(response));
        var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var error = Assert.Single(problem.GetProperty("report").GetProperty("errors").EnumerateArray());
        Assert.Equal(5, error.GetProperty("line").GetInt32());
        using var wang = await bureau.GetAsync("/api/users/wang.jg", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, wang.StatusCode);
    }

    [Fact]
    public async Task Import_GoodCsvWithBomAndChineseNames_CreatesEveryone_WithPasswordsToChange_AndAuditsIt()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        var dry = await PostAsync(bureau, GoodCsv, dryRun: true, bom: true);
        var real = await PostAsync(bureau, GoodCsv, dryRun: false, bom: true);

        Assert.Equal((HttpStatusCode.OK, 0, 0), (dry.Status, dry.Body.Errors.Count, dry.Body.Created.Count));
        Assert.Equal(["wang.jg", "li.xiuying", "zhang.wei"], dry.Body.Usernames);
        Assert.Equal(HttpStatusCode.OK, real.Status);
        Assert.Equal(["wang.jg", "li.xiuying", "zhang.wei"], real.Body.Created.Select(c => c.Username));
        var users = await bureau.GetFromJsonAsync<List<UserDto>>("/api/users", TestContext.Current.CancellationToken);
        Assert.Equal(new UserDto("li.xiuying", "李秀英, 齐都镇", "chief", "+8613812345678", false, true, HeritageApp.Start), users!.Single(u => u.Username == "li.xiuying"));
        Assert.Equal("王建国", users!.Single(u => u.Username == "wang.jg").DisplayName);
        Assert.Null(users!.Single(u => u.Username == "zhang.wei").Phone);
        foreach (var created in real.Body.Created)
        {
            Assert.True((await AccountClient.SignInAsync(app, created.Username, created.TemporaryPassword)).MustChangePassword);
        }

        var audit = await bureau.GetStringAsync("/api/audit?entity=user&id=wang.jg", TestContext.Current.CancellationToken);
        var entry = Assert.Single(JsonSerializer.Deserialize<JsonElement>(audit).EnumerateArray());
        Assert.Equal(("imported", "bureau", "王建国"), (entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString(), entry.GetProperty("after").GetProperty("displayName").GetString()));
        Assert.DoesNotContain(real.Body.Created[0].TemporaryPassword, audit, StringComparison.Ordinal);

        var again = await PostAsync(bureau, GoodCsv, dryRun: true);
        Assert.Equal([(2, "username"), (3, "username"), (4, "username")], again.Body.Errors.Select(e => (e.Line, e.Field))); // exist now
    }

    [Fact]
    public async Task Import_QuotedLineBreak_CountsPhysicalLines()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");

        var report = await PostAsync(bureau, "username,displayName,role,phone\r\nwang.jg,\"王\r\n建国\",inspector,\r\nli.na,李娜,boss,\r\n", dryRun: true);

        Assert.Equal([(2, "displayName"), (4, "role")], report.Body.Errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public async Task Import_NotCsvOrNotBureau_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-01");

        using var json = await bureau.PostAsync("/api/users/import", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var forbidden = await inspector.PostAsync("/api/users/import?dryRun=false", Csv(GoodCsv), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task UserChanges_AreAudited_WithBeforeAndAfter_AndNoSecrets()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var created = (await (await bureau.PostAsJsonAsync("/api/users", new CreateUserRequest("wang.jg", "王建国", "inspector", null), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<CreatedUserDto>(TestContext.Current.CancellationToken))!;
        (await bureau.PutAsJsonAsync("/api/users/wang.jg", new UpdateUserRequest(null, "chief", null, null), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await bureau.PutAsJsonAsync("/api/users/wang.jg", new UpdateUserRequest(null, null, null, true), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await bureau.PutAsJsonAsync("/api/users/wang.jg", new UpdateUserRequest(null, null, null, false), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var reset = (await (await bureau.PostAsync("/api/users/wang.jg/reset-password", null, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<TemporaryPasswordDto>(TestContext.Current.CancellationToken))!;
        var token = await AccountClient.SignInAsync(app, "wang.jg", reset.TemporaryPassword);
        await AccountClient.ChangePasswordAsync(app, token.AccessToken, reset.TemporaryPassword, "Tiao-shan 2026 spring");

        var audit = await bureau.GetStringAsync("/api/audit?entity=user&id=wang.jg", TestContext.Current.CancellationToken);

        var entries = JsonSerializer.Deserialize<JsonElement>(audit).EnumerateArray().Reverse().ToList();
        Assert.Equal(
            [("created", "bureau"), ("updated", "bureau"), ("disabled", "bureau"), ("enabled", "bureau"), ("password reset", "bureau"), ("password changed", "wang.jg")],
            entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString())));
        Assert.Equal(("inspector", "chief"), (entries[1].GetProperty("before").GetProperty("role").GetString(), entries[1].GetProperty("after").GetProperty("role").GetString()));
        foreach (var secret in new[] { created.TemporaryPassword, reset.TemporaryPassword, "Tiao-shan", "AQAAAA", "stamp", "hash" })
        {
            Assert.DoesNotContain(secret, audit, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static ByteArrayContent Csv(string csv, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var content = new ByteArrayContent(bom ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    private static async Task<(HttpStatusCode Status, UserImportReportDto Body)> PostAsync(HttpClient client, string csv, bool dryRun, bool bom = false)
    {
        using var response = await client.PostAsync($"/api/users/import?dryRun={(dryRun ? "true" : "false")}", Csv(csv, bom), TestContext.Current.CancellationToken);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<UserImportReportDto>(TestContext.Current.CancellationToken))!);
    }

    public void Dispose() => _data.Dispose();
}
