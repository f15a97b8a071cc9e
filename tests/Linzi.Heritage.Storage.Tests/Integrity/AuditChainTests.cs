using Linzi.Heritage.Storage.Audit;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Tests.Contracts;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Tests.Integrity;

/// <summary>The audit log's HMAC chain (issue 15, hole 9): tampering in SQLite is found and named; older logs are chained once.</summary>
public sealed class AuditChainTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
    private readonly SqliteDataDirectory _data = new();

    private SqliteAuditLog Open() => new(_data.Files);

    private static void Sample(SqliteAuditLog log)
    {
        log.Record("rule", "hp-vibration", "created", "bureau", T0, null, """{"limit":0.25}""");
        log.Record("device", "hp-vib-01", "revoked", "bureau", T0.AddMinutes(1), null, null);
        log.Record("sign-in", "bureau", "failed", "anonymous", T0.AddMinutes(2), null, """{"reason":"password"}""");
    }

    private long Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "heritage.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    [Fact]
    public void Verify_Untouched_IsIntactWithTheHead()
    {
        Sample(Open());

        var log = Open();
        var result = log.Verify();
        var head = log.Head();

        Assert.Equal((true, 3L, (long?)null), (result.Intact, result.EntriesChecked, result.BrokenAtEntryId));
        Assert.Equal(3, head.Count);
        Assert.Equal(head.Hash, result.Head);
        Assert.Matches("^[0-9a-f]{64}$", head.Hash!);
    }

    [Fact]
    public void Verify_RowAlteredInSqlite_NamesTheEntry()
    {
        Sample(Open());
        var revoked = Open().Query("device", "hp-vib-01", 1).Single().Id;

        Assert.Equal(1, Execute($"UPDATE audit_log SET action = 'configured' WHERE id = {revoked}"));
        var result = Open().Verify();

        Assert.False(result.Intact);
        Assert.Equal(revoked, result.BrokenAtEntryId);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RowDeleted_NamesTheEntryAfterTheGap()
    {
        Sample(Open());
        var entries = Open().Query(null, null, 10);

        Execute($"DELETE FROM audit_log WHERE id = {entries[1].Id}");
        var result = Open().Verify();

        Assert.Equal((false, entries[0].Id), (result.Intact, result.BrokenAtEntryId));
        Assert.Contains("removed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RowRewrittenWithAPlainHash_StillBroken()
    {
        Sample(Open());
        var first = Open().Query(null, null, 10)[^1];

        // Whoever writes the database can recompute any unkeyed hash; without the key file the entry still fails.
        Execute($"UPDATE audit_log SET after = '{{\"limit\":9}}', hash = lower(hex(randomblob(32))) WHERE id = {first.Id}");

        Assert.Equal(first.Id, Open().Verify().BrokenAtEntryId);
    }

    [Fact]
    public void Verify_WithAnotherKey_Fails()
    {
        Sample(Open());
        var otherKey = Path.Combine(_data.Path + "-other", "integrity.key");
        try
        {
            var result = new SqliteAuditLog(new DataFiles(_data.Path, otherKey)).Verify();
            Assert.False(result.Intact);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_data.Path + "-other", recursive: true);
        }
    }

    [Fact]
    public void Open_OlderLogWithoutChain_ChainsItOnceAndSaysSo()
    {
        Directory.CreateDirectory(_data.Path);
        Execute("""
            CREATE TABLE audit_log(id INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,
                actor TEXT NOT NULL, at_ms INTEGER NOT NULL, before TEXT, after TEXT);
            INSERT INTO audit_log(entity, entity_id, action, actor, at_ms, before, after) VALUES
                ('rule', 'r1', 'created', 'bureau', 1764165600000, NULL, '{}'), ('permit', 'p1', 'deleted', 'bureau', 1764165660000, '{}', NULL);
            """);

        var log = Open();
        Assert.Equal(2, log.Migrated);
        log.Record("rule", "r2", "created", "bureau", T0, null, "{}");
        var reopened = Open();

        Assert.Equal(0, reopened.Migrated);
        var result = reopened.Verify();
        Assert.Equal((true, 4L), (result.Intact, result.EntriesChecked));
        var migration = reopened.Query("integrity", null, 10).Single();
        Assert.Equal(("audit-log", "chained", "system"), (migration.EntityId, migration.Action, migration.Actor));
        Assert.Contains("\"entries\":2", migration.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ChainedLogWithHashesCleared_IsNotReChained()
    {
        Sample(Open());

        // Clearing every hash does not make the next start chain the log again (a rewrite would be laundered).
        Execute("UPDATE audit_log SET hash = NULL, prev_hash = NULL");
        var log = Open();

        Assert.Equal(0, log.Migrated);
        Assert.False(log.Verify().Intact);
    }

    [Fact]
    public void KeyFile_CreatedOutsideTheDataDirectoryWithMode0600()
    {
        Sample(Open());

        var keyFile = Path.Combine(_data.Path + "-keys", "integrity.key");
        Assert.True(File.Exists(keyFile));
        Assert.False(IntegrityOptions.IsInside(keyFile, _data.Path));
        Assert.Empty(Directory.EnumerateFiles(_data.Path, "*.key", SearchOption.AllDirectories));
        Assert.Equal(IntegrityKey.Length, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        // The same key on the next start: the chain still verifies.
        var before = File.ReadAllText(keyFile);
        Assert.True(Open().Verify().Intact);
        Assert.Equal(before, File.ReadAllText(keyFile));
    }

    [Fact]
    public void KeyFile_Damaged_RefusesToStart()
    {
        Sample(Open());
        File.WriteAllText(Path.Combine(_data.Path + "-keys", "integrity.key"), "c2hvcnQ=");

        Assert.Throws<InvalidOperationException>(() => Open());
    }

    public void Dispose() => _data.Dispose();
}
