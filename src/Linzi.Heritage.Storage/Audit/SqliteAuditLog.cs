using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Audit;

/// <summary>
/// Append-only record of security-relevant actions. Nothing updates or deletes its rows. Each entry stores
/// <c>hash = HMAC-SHA256(key, [prevHash, id, fields…])</c> under the integrity key (<see cref="DataFiles.IntegrityKey"/>,
/// kept outside the database), so a row changed, removed or reordered in SQLite breaks the chain from there on, and
/// nobody without the key can recompute it. Entries written before the chain existed are chained once, at the first
/// start with it, and that migration is itself recorded (entity <c>integrity</c>, action <c>chained</c>).
/// Thread-safe: each append runs in an immediate transaction (one writer at a time, across processes too).
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    /// <summary>The <c>integrity_meta</c> row naming the scheme the chain was keyed with.</summary>
    public const string MetaName = "audit_chain";

    private readonly SqliteDatabase _database;
    private readonly IntegrityKey _key;

    /// <summary>Creates the schema if needed, and chains entries of an older data directory once.</summary>
    public SqliteAuditLog(DataFiles files, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _key = files.IntegrityKey;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS audit_log(
                id INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,
                actor TEXT NOT NULL, at_ms INTEGER NOT NULL, before TEXT, after TEXT);
            CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log(entity, entity_id, id);
            """ + IntegrityMeta.Schema);
        _database.EnsureColumn("audit_log", "prev_hash", "TEXT");
        _database.EnsureColumn("audit_log", "hash", "TEXT");
        Migrated = ChainOnce((time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>How many older entries this instance chained at start (0 when there was nothing to migrate).</summary>
    public long Migrated { get; }

    /// <summary>Appends an entry, chained to the newest one.</summary>
    public void Record(string entity, string entityId, string action, string actor, DateTimeOffset at, string? before, string? after)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        Append(connection, entity, entityId, action, actor, at.ToUnixTimeMilliseconds(), before, after);
        transaction.Commit();
    }

    /// <summary>Appends entries in order, each chained to the one before it, in one transaction.</summary>
    public void RecordAll(IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var r in records)
        {
            Append(connection, r.Entity, r.EntityId, r.Action, r.Actor, r.At.ToUnixTimeMilliseconds(), r.Before, r.After);
        }

        transaction.Commit();
    }

    /// <summary>Entries, newest first, optionally for one entity type and id.</summary>
    public IReadOnlyList<AuditEntry> Query(string? entity, string? entityId, int limit)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            """
            SELECT id, entity, entity_id, action, actor, at_ms, before, after FROM audit_log
            WHERE (@p0 IS NULL OR entity = @p0) AND (@p1 IS NULL OR entity_id = @p1) ORDER BY id DESC LIMIT @p2
            """,
            entity, entityId, limit);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return entries;
    }

    /// <summary>Walks the whole chain, oldest first; the first entry whose hash or link does not match is named.</summary>
    public AuditVerification Verify()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "SELECT id, entity, entity_id, action, actor, at_ms, before, after, prev_hash, hash FROM audit_log ORDER BY id");
        using var reader = command.ExecuteReader();
        var previous = "";
        long count = 0;
        while (reader.Read())
        {
            count++;
            var id = reader.GetInt64(0);
            var storedPrevious = reader.IsDBNull(8) ? null : reader.GetString(8);
            var stored = reader.IsDBNull(9) ? null : reader.GetString(9);
            var expected = Hash(
                previous, id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            if (storedPrevious != previous)
            {
                return new AuditVerification(false, count, id, "the entry does not follow the one before it (an entry was removed, inserted or reordered)", null);
            }

            if (stored != expected)
            {
                return new AuditVerification(false, count, id, "the entry's content does not match its hash (altered, or chained with another key)", null);
            }

            previous = stored;
        }

        return new AuditVerification(true, count, null, null, count == 0 ? null : previous);
    }

    /// <summary>The newest entry's id and hash and the number of entries.</summary>
    public AuditHead Head()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "SELECT (SELECT COUNT(*) FROM audit_log), id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AuditHead(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : new AuditHead(0, null, null);
    }

    // Inside a transaction: the newest hash, the row, then its hash (the id is part of what is hashed, so it is known
    // only after the insert).
    private void Append(SqliteConnection connection, string entity, string entityId, string action, string actor, long atMs, string? before, string? after)
    {
        string previous;
        using (var last = SqliteDatabase.Command(connection, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"))
        {
            previous = last.ExecuteScalar() as string ?? "";
        }

        long id;
        using (var insert = SqliteDatabase.Command(
            connection,
            "INSERT INTO audit_log(entity, entity_id, action, actor, at_ms, before, after, prev_hash) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7) RETURNING id",
            entity, entityId, action, actor, atMs, before, after, previous))
        {
            id = (long)insert.ExecuteScalar()!;
        }

        using var update = SqliteDatabase.Command(
            connection, "UPDATE audit_log SET hash = @p1 WHERE id = @p0", id, Hash(previous, id, entity, entityId, action, actor, atMs, before, after));
        update.ExecuteNonQuery();
    }

    private string Hash(string previous, long id, string entity, string entityId, string action, string actor, long atMs, string? before, string? after) =>
        _key.Mac(JsonSerializer.SerializeToUtf8Bytes(new object?[] { "audit-entry", previous, id, entity, entityId, action, actor, atMs, before, after }));

    // The first start with the chain: entries written before it get chained in id order, and an entry says so. Runs
    // once (the meta row), and never over a log that already has chained entries, so it cannot be used to launder
    // one: a chain broken later stays broken.
    private long ChainOnce(DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (IntegrityMeta.Get(connection, MetaName) is not null)
        {
            return 0;
        }

        long chained = 0;
        using (var anyChained = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM audit_log WHERE hash IS NOT NULL"))
        {
            if ((long)anyChained.ExecuteScalar()! == 0)
            {
                var rows = new List<(long Id, string Entity, string EntityId, string Action, string Actor, long AtMs, string? Before, string? After)>();
                using (var select = SqliteDatabase.Command(connection, "SELECT id, entity, entity_id, action, actor, at_ms, before, after FROM audit_log ORDER BY id"))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
                            reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
                    }
                }

                var previous = "";
                foreach (var row in rows)
                {
                    var hash = Hash(previous, row.Id, row.Entity, row.EntityId, row.Action, row.Actor, row.AtMs, row.Before, row.After);
                    using var update = SqliteDatabase.Command(connection, "UPDATE audit_log SET prev_hash = @p1, hash = @p2 WHERE id = @p0", row.Id, previous, hash);
                    update.ExecuteNonQuery();
                    previous = hash;
                }

                chained = rows.Count;
                if (chained > 0)
                {
                    Append(connection, "integrity", "audit-log", "chained", "system", now.ToUnixTimeMilliseconds(), null,
                        JsonSerializer.Serialize(new { entries = chained, lastId = rows[^1].Id, note = "entries up to lastId were chained when the chain was introduced, not as they were written", keyId = _key.Id }));
                }
            }
        }

        IntegrityMeta.Set(connection, MetaName, IntegrityMeta.Scheme(_key), now);
        transaction.Commit();
        return chained;
    }
}
