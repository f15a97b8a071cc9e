using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Domain.Audit;

namespace Linzi.Heritage.Storage.Audit;

/// <summary>
/// Append-only record of changes to rules, permits and maintenance windows. Nothing updates or deletes its rows.
/// Thread-safe.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteAuditLog(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS audit_log(
                id INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,
                actor TEXT NOT NULL, at_ms INTEGER NOT NULL, before TEXT, after TEXT);
            CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log(entity, entity_id, id);
            """);
    }

    /// <summary>Appends an entry.</summary>
    public void Record(string entity, string entityId, string action, string actor, DateTimeOffset at, string? before, string? after)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO audit_log(entity, entity_id, action, actor, at_ms, before, after) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)",
            entity, entityId, action, actor, at.ToUnixTimeMilliseconds(), before, after);
        command.ExecuteNonQuery();
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
}
