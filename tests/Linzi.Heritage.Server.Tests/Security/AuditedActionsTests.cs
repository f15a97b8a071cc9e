using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Server.Backup;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 9: every security-relevant action is in the audit log (provisioning, secret rotation, revocation,
/// outbox retries, exports, backups), by whom, and the chain still verifies afterwards.
/// </summary>
public sealed class AuditedActionsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static async Task<List<JsonElement>> AuditAsync(HttpClient bureau, string entity, string id) =>
        (await bureau.GetFromJsonAsync<List<JsonElement>>($"/api/audit?entity={entity}&id={Uri.EscapeDataString(id)}", TestContext.Current.CancellationToken))!;

    private static string Action(JsonElement entry) => entry.GetProperty("action").GetString()!;

    private static string Actor(JsonElement entry) => entry.GetProperty("actor").GetString()!;

    [Fact]
    public async Task DeviceProvisioningRotationAndRevocation_AreAudited()
    {
        await using var app = new HeritageApp(_data.Path);
        await app.ProvisionAsync("au-tilt-01", "horse-pit", "tilt", 36.8612, 118.3507);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var bureau = await app.ClientAsAsync("bureau");

        Assert.Equal(HttpStatusCode.OK, (await maintenance.PostAsync("/api/devices/au-tilt-01/rotate-secret", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.PostAsync("/api/devices/au-tilt-01/revoke", null, TestContext.Current.CancellationToken)).StatusCode);
        var entries = await AuditAsync(bureau, "device", "au-tilt-01");

        Assert.Equal(["revoked", "secret-rotated", "created"], entries.Select(Action));
        Assert.Equal(["bureau", "maintenance", "maintenance"], entries.Select(Actor));
        Assert.DoesNotContain(entries, e => e.ToString().Contains("secret\"", StringComparison.Ordinal));
        Assert.True((await bureau.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken)).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task RegistryAndCaseExports_AreAuditedWithWhoAndWhat()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var alert = await RaiseRedAsync(app, bureau);

        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync("/api/registry/export", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync($"/api/alerts/{alert.Id}/case", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bureau.GetAsync($"/api/alerts/{alert.Id}/case.html", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.GetAsync("/api/alerts/A999999/case", TestContext.Current.CancellationToken)).StatusCode);

        var registry = Assert.Single(await AuditAsync(bureau, "registry", "registry"));
        Assert.Equal(("exported", "bureau"), (Action(registry), Actor(registry)));
        var cases = await AuditAsync(bureau, "alert", alert.Id);
        Assert.Equal(2, cases.Count(e => Action(e) == "exported"));
        Assert.Contains(cases, e => e.GetProperty("after").GetProperty("path").GetString() == $"/api/alerts/{alert.Id}/case.html");
        Assert.Empty(await AuditAsync(bureau, "alert", "A999999")); // nothing was exported
    }

    [Fact]
    public async Task OutboxRetry_IsAudited_AndAnUnknownIdIsNot()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var outbox = app.Services.GetRequiredService<IOutbox>();
        var now = app.Time.GetUtcNow();
        Assert.True(outbox.Enqueue(new OutboxMessage(0, "audit-probe", "log", "raised", null, null, null, "bureau", "probe", "{}", "pending", 0, now, now, null)));
        var id = outbox.ByStatus("pending", 10).Single(m => m.IdempotencyKey == "audit-probe").Id;
        outbox.Failed(id, "unreachable", null); // dead

        Assert.Equal(HttpStatusCode.NoContent, (await bureau.PostAsync($"/api/notifications/outbox/{id}/retry", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bureau.PostAsync("/api/notifications/outbox/987654/retry", null, TestContext.Current.CancellationToken)).StatusCode);

        var retried = Assert.Single(await AuditAsync(bureau, "notification", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(("retried", "bureau"), (Action(retried), Actor(retried)));
        Assert.Empty(await AuditAsync(bureau, "notification", "987654"));
    }

    [Fact]
    public async Task Backup_IsAudited()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var target = _data.Path + "-backup";
        try
        {
            var copied = BackupCommand.BackUp(app.Services, target);

            var entry = Assert.Single(await AuditAsync(bureau, "data", Path.GetFullPath(target)));
            Assert.Equal("backed-up", Action(entry));
            Assert.Equal(copied.Count, entry.GetProperty("after").GetProperty("files").GetInt32());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(target, recursive: true);
        }
    }

    public void Dispose() => _data.Dispose();
}
