using System.Data.Common;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Alerts, their histories and the change feed in the embedded SQLite state file (<see cref="DataFiles.State"/>), under
/// the key of <see cref="DataFiles.IntegrityKey"/>.
/// </summary>
public sealed partial class SqliteAlertStore : RelationalAlertStore
{
    private const string FeedSchema = """
        CREATE TABLE IF NOT EXISTS alert_feed(
            position INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, push INTEGER NOT NULL,
            notice_kind TEXT, notice_to TEXT, alert TEXT NOT NULL, at_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS feed_checkpoints(consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);
        """;


    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed, and re-keys the plain SHA-256 chains of an older data directory once.</summary>
    public SqliteAlertStore(DataFiles files, TimeProvider? time = null)
        : base(files?.IntegrityKey ?? throw new ArgumentNullException(nameof(files)))
    {
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS alerts(
                id TEXT PRIMARY KEY, sequence INTEGER NOT NULL UNIQUE, rule_id TEXT NOT NULL, severity TEXT NOT NULL,
                state TEXT NOT NULL, site_id TEXT NOT NULL, device_id TEXT NOT NULL, cell_id TEXT, zone_ids TEXT NOT NULL,
                metric TEXT NOT NULL, value REAL NOT NULL, raised_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL,
                message TEXT NOT NULL, disposition TEXT);
            CREATE INDEX IF NOT EXISTS alerts_rule_device ON alerts(rule_id, device_id, state);
            CREATE TABLE IF NOT EXISTS alert_events(
                id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL REFERENCES alerts(id), type TEXT NOT NULL,
                actor TEXT NOT NULL, at_ms INTEGER NOT NULL, note TEXT, disposition TEXT);
            CREATE INDEX IF NOT EXISTS alert_events_alert ON alert_events(alert_id, id);
            """);

        // Added with the full rule engine; older data directories get them on start.
        _database.EnsureColumn("alerts", "subject", "TEXT");
        _database.EnsureColumn("alerts", "occurrences", "INTEGER NOT NULL DEFAULT 1");
        _database.EnsureColumn("alerts", "last_value", "REAL");
        _database.EnsureColumn("alerts", "last_at_ms", "INTEGER");
        _database.EnsureColumn("alerts", "level", "INTEGER NOT NULL DEFAULT 0");
        _database.EnsureColumn("alerts", "assigned_to", "TEXT");
        _database.EnsureColumn("alerts", "escalated_to", "TEXT NOT NULL DEFAULT '[]'");
        _database.EnsureColumn("alerts", "acknowledged_at_ms", "INTEGER");
        _database.EnsureColumn("alerts", "drill", "INTEGER NOT NULL DEFAULT 0");
        _database.EnsureColumn("alerts", "incident", "TEXT");
        _database.EnsureColumn("alert_events", "to_user", "TEXT");
        _database.EnsureColumn("alert_events", "prev_hash", "TEXT");
        _database.EnsureColumn("alert_events", "hash", "TEXT");
        _database.EnsureColumn("alerts", "head_hash", "TEXT");
        _database.EnsureSchema(FeedSchema);
        _database.EnsureSchema(VersionSchema);
        _database.EnsureSchema(IntegrityMeta.Schema);
        Rekeyed = RekeyOnce((time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>What this instance re-keyed at start (null when the chains were keyed already).</summary>
    public ChainRekeying? Rekeyed { get; }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();

    /// <inheritdoc />
    protected override DbConnection OpenForReplayableWrites() => _database.OpenForReplayableWrites();

    /// <inheritdoc />
    protected override string JsonArrayHolds(string column, string parameter) =>
        $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {parameter})";
}
