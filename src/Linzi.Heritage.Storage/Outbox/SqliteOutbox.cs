using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Outbox;

/// <summary>The notification outbox in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqliteOutbox : RelationalOutbox
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteOutbox(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS outbox(
                id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, kind TEXT NOT NULL,
                alert_id TEXT, rule_id TEXT, device_id TEXT, recipient TEXT, text TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL, last_error TEXT,
                delivered_ms INTEGER);
            CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_ms);
            CREATE INDEX IF NOT EXISTS outbox_limits ON outbox(channel, created_ms);
            """);
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();
}
