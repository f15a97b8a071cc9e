using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Audit;

/// <summary>
/// The audit log in the embedded SQLite state file (<see cref="DataFiles.State"/>), under the key of
/// <see cref="DataFiles.IntegrityKey"/>. Entries written before the chain existed are chained once, at the first start
/// with it, and that migration is itself recorded (entity <c>integrity</c>, action <c>chained</c>).
/// </summary>
public sealed class SqliteAuditLog : RelationalAuditLog
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed, and chains entries of an older data directory once.</summary>
    public SqliteAuditLog(DataFiles files, TimeProvider? time = null)
        : base(files?.IntegrityKey ?? throw new ArgumentNullException(nameof(files)))
    {
        _database = files.State;
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

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();

    // Microsoft.Data.Sqlite begins IMMEDIATE transactions: the file's write lock is already held.
    /// <inheritdoc />
    protected override void LockChain(DbConnection connection)
    {
    }

    // The first start with the chain: entries written before it get chained in id order, and an entry says so. Runs
    // once (the meta row), and never over a log that already has chained entries, so it cannot be used to launder
    // one: a chain broken later stays broken.
    private long ChainOnce(DateTimeOffset now)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
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
                        JsonSerializer.Serialize(new { entries = chained, lastId = rows[^1].Id, note = "entries up to lastId were chained when the chain was introduced, not as they were written", keyId = Key.Id }));
                }
            }
        }

        IntegrityMeta.Set(connection, MetaName, IntegrityMeta.Scheme(Key), now);
        transaction.Commit();
        return chained;
    }
}
