using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 9: whoever can write the database must not be able to rewrite history unnoticed. The audit log is
/// chained, both chains are keyed with an HMAC whose key lives outside the data directory, and
/// <c>GET /api/audit/verify</c> names what was changed.
/// </summary>
public sealed class AuditChainTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private string Database => Path.Combine(_data.Path, "heritage.db");

    private int Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task AuditRowUpdatedInSqlite_VerifyNamesTheEntry()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var rule = await bureau.PostAsJsonAsync("/api/rules", new
        {
            id = "audit-probe", name = "probe", severity = "blue",
            scope = new { siteIds = new[] { "horse-pit" } },
            condition = new { metric = "ppv_mm_s", op = ">", value = 5.0 },
        }, TestContext.Current.CancellationToken);
        Assert.True(rule.IsSuccessStatusCode, await rule.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var intact = await bureau.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.True(intact.GetProperty("audit").GetProperty("entriesChecked").GetInt64() >= 2);

        // An insider hides who created the rule.
        var entry = Scalar("SELECT id FROM audit_log WHERE entity = 'rule' AND entity_id = 'audit-probe'");
        Assert.Equal(1, Tamper($"UPDATE audit_log SET actor = 'maintenance' WHERE id = {entry}"));
        var broken = await bureau.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken);

        Assert.False(broken.GetProperty("intact").GetBoolean());
        var audit = broken.GetProperty("audit");
        Assert.False(audit.GetProperty("intact").GetBoolean());
        Assert.Equal(entry, audit.GetProperty("brokenAtEntryId").GetInt64());
        Assert.Contains("altered", audit.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.True(broken.GetProperty("alerts").GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task AuditVerify_IsForTheBureauOnly()
    {
        await using var app = new HeritageApp(_data.Path);
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await maintenance.GetAsync("/api/audit/verify", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit/verify", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AlertEventAlteredAndRehashedWithPlainSha256_NoLongerVerifies()
    {
        string id;
        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            id = (await RaiseRedAsync(app, bureau)).Id;
            (await bureau.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "到场，发现盗洞" }, TestContext.Current.CancellationToken)).Dispose();
            Assert.True((await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/verify", TestContext.Current.CancellationToken)).GetProperty("intact").GetBoolean());
        }

        // The attack the issue describes: change the note, then recompute every SHA-256 link and the head, all of
        // which sit in the same database.
        Tamper("UPDATE alert_events SET note = '无异常' WHERE type = 'acknowledged'");
        RechainWithPlainSha256(id);

        await using (var app = new HeritageApp(_data.Path))
        {
            using var bureau = await app.ClientAsAsync("bureau");
            var verify = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}/verify", TestContext.Current.CancellationToken);
            Assert.False(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        }
    }

    [Fact]
    public async Task KeyFile_CreatedWithMode0600OutsideTheDataDirectory_AndNotInABackup()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        var report = await bureau.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken);

        var keyFile = Path.Combine(_data.Path + "-keys", "integrity.key");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Empty(Directory.EnumerateFiles(_data.Path, "integrity.key", SearchOption.AllDirectories));
        Assert.Matches("^[0-9a-f]{16}$", report.GetProperty("keyId").GetString()!);
        Assert.DoesNotContain(File.ReadAllText(keyFile).Trim(), report.ToString(), StringComparison.Ordinal);

        var backup = Path.Combine(_data.Path + "-backup");
        try
        {
            var copied = Storage.Sqlite.DataBackup.Run(new Storage.Sqlite.DataFiles(_data.Path), backup);
            Assert.DoesNotContain(copied, f => f.EndsWith("integrity.key", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(backup, recursive: true);
        }
    }

    [Fact]
    public async Task KeyFileInsideTheDataDirectory_IsRefusedAtStart()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Integrity:KeyFile"] = Path.Combine(_data.Path, "integrity.key") });

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Integrity:KeyFile", refused.ToString(), StringComparison.Ordinal);
    }

    private void RechainWithPlainSha256(string alertId)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        var rows = new List<(long Id, string Type, string Actor, long At, string? Note, string? Disposition, string? To)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT id, type, actor, at_ms, note, disposition, to_user FROM alert_events WHERE alert_id = $id ORDER BY id";
            select.Parameters.AddWithValue("$id", alertId);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        var previous = "";
        foreach (var row in rows)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
                new object?[] { previous, alertId, row.Type, row.Actor, row.At, row.Note, row.Disposition, row.To })));
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE alert_events SET prev_hash = $prev, hash = $hash WHERE id = $id";
            update.Parameters.AddWithValue("$prev", previous);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$id", row.Id);
            update.ExecuteNonQuery();
            previous = hash;
        }

        using var head = connection.CreateCommand();
        head.CommandText = "UPDATE alerts SET head_hash = $hash WHERE id = $id";
        head.Parameters.AddWithValue("$hash", previous);
        head.Parameters.AddWithValue("$id", alertId);
        head.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _data.Dispose();
    }
}
