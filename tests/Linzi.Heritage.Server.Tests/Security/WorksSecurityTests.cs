using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 3: permits (the bureau's) and maintenance windows (maintenance staff's) shared one id space, so
/// maintenance could overwrite a bureau permit through <c>PUT /api/maintenance/{permitId}</c> and then delete it.
/// </summary>
public sealed class WorksSecurityTests : IDisposable
{
    private const string Square = "POLYGON ((118.367 36.874, 118.369 36.874, 118.369 36.876, 118.367 36.876, 118.367 36.874))";
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Maintenance_CannotOverwriteOrDeleteABureauPermit()
    {
        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            using var maintenance = await app.ClientAsAsync("maintenance");
            using var created = await bureau.PostAsJsonAsync("/api/permits", Permit("hall-roof-2026"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);

            using var overwrite = await maintenance.PutAsJsonAsync(
                "/api/maintenance/hall-roof-2026",
                new { deviceId = "hp-vib-01", from = HeritageApp.Start, to = HeritageApp.Start.AddHours(2), reason = "校准" },
                TestContext.Current.CancellationToken);
            using var delete = await maintenance.DeleteAsync("/api/maintenance/hall-roof-2026", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Conflict, overwrite.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
            Assert.Equal(["hall-roof-2026"], await IdsAsync(bureau, "/api/permits", "permit"));
            Assert.Empty(await IdsAsync(bureau, "/api/maintenance", "window"));
        }

        // And on disk: a restart loads the permit unchanged.
        await using var restarted = new HeritageApp(_data.Path);
        using var reader = await restarted.ClientAsAsync("bureau");
        Assert.Equal(["hall-roof-2026"], await IdsAsync(reader, "/api/permits", "permit"));
    }

    [Fact]
    public async Task Permit_CannotTakeAMaintenanceWindowsId()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var window = await maintenance.PostAsJsonAsync(
            "/api/maintenance",
            new { id = "hp-vib-01-battery", deviceId = "hp-vib-01", from = HeritageApp.Start, to = HeritageApp.Start.AddHours(2), reason = "更换电池" },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, window.StatusCode);

        using var permit = await bureau.PostAsJsonAsync("/api/permits", Permit("hp-vib-01-battery"), TestContext.Current.CancellationToken);
        using var delete = await bureau.DeleteAsync("/api/permits/hp-vib-01-battery", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, permit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(["hp-vib-01-battery"], await IdsAsync(bureau, "/api/maintenance", "window"));
    }

    private static object Permit(string id) => new
    {
        id,
        approvalNumber = "临文旅许〔2026〕17号",
        contractor = "淄博古建修缮有限公司",
        wkt = Square,
        from = HeritageApp.Start,
        to = HeritageApp.Start.AddDays(10),
    };

    private static async Task<List<string>> IdsAsync(HttpClient client, string path, string entry)
    {
        using var list = JsonDocument.Parse(await client.GetStringAsync(path, TestContext.Current.CancellationToken));
        return [.. list.RootElement.EnumerateArray().Select(e => e.GetProperty(entry).GetProperty("id").GetString()!)];
    }

    public void Dispose() => _data.Dispose();
}
