using System.Globalization;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Postgres;

/// <summary>One step of the PostgreSQL schema: applied once, in version order, and never edited once released.</summary>
/// <param name="Version">Its number, from 1 without gaps.</param>
/// <param name="Name">What it adds.</param>
/// <param name="Ddl">The statements.</param>
public sealed record Migration(int Version, string Name, string Ddl);

/// <summary>
/// The PostgreSQL schema as a list of migrations, applied at start by whichever instance gets there first. The
/// version reached is kept in <c>schema_migrations</c>; a schema change is a new migration at the end, so a database
/// made by any earlier build moves forward without losing data.
/// </summary>
public static class PostgresMigrations
{
    // pg_advisory_xact_lock key ("LZHG"): instances that start together wait for each other instead of racing.
    private const long LockKey = 0x4C5A4847;

    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "registry", """
            CREATE TABLE registry(kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(kind, id));
            CREATE TABLE device_credentials(device_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL);
            """),
        new(2, "device secret rotation", """
            ALTER TABLE device_credentials ADD COLUMN previous_hash TEXT, ADD COLUMN previous_valid_until TEXT;
            """),
        new(3, "users and sign-in sessions", """
            CREATE TABLE users(
                username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
                phone TEXT NULL, disabled BOOLEAN NOT NULL DEFAULT false, must_change_password BOOLEAN NOT NULL DEFAULT false,
                security_stamp TEXT NOT NULL DEFAULT '', created_at BIGINT NULL);
            CREATE TABLE auth_sessions(
                id TEXT PRIMARY KEY, username TEXT NOT NULL, stamp TEXT NOT NULL,
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, ended_at BIGINT NULL);
            CREATE INDEX auth_sessions_expiry ON auth_sessions(expires_at);
            CREATE TABLE auth_refresh_tokens(
                hash TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
                spent_at BIGINT NULL);
            CREATE INDEX auth_refresh_tokens_session ON auth_refresh_tokens(session_id);
            """),
        new(4, "permits, maintenance and drill windows", """
            CREATE TABLE works(kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(kind, id));
            CREATE TABLE works_hits(id TEXT PRIMARY KEY, count BIGINT NOT NULL, last_at_ms BIGINT NOT NULL);
            """),
        new(5, "notification outbox", """
            CREATE TABLE outbox(
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, channel TEXT NOT NULL,
                kind TEXT NOT NULL, alert_id TEXT, rule_id TEXT, device_id TEXT, recipient TEXT, text TEXT NOT NULL,
                payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL,
                next_attempt_ms BIGINT NOT NULL, last_error TEXT, delivered_ms BIGINT);
            CREATE INDEX outbox_due ON outbox(status, next_attempt_ms);
            CREATE INDEX outbox_limits ON outbox(channel, created_ms);
            """),
        new(6, "audit log with its hash chain", """
            CREATE TABLE audit_log(
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
                action TEXT NOT NULL, actor TEXT NOT NULL, at_ms BIGINT NOT NULL, before TEXT, after TEXT,
                prev_hash TEXT, hash TEXT);
            CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, id);
            CREATE TABLE integrity_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL, at_ms BIGINT NOT NULL);
            """),
        new(7, "alerts, their hash-chained events and the change feed", """
            CREATE TABLE alerts(
                id TEXT PRIMARY KEY, sequence BIGINT NOT NULL UNIQUE, rule_id TEXT NOT NULL, severity TEXT NOT NULL,
                state TEXT NOT NULL, site_id TEXT NOT NULL, device_id TEXT NOT NULL, cell_id TEXT, zone_ids TEXT NOT NULL,
                metric TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, raised_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
                message TEXT NOT NULL, disposition TEXT, subject TEXT, occurrences INTEGER NOT NULL DEFAULT 1,
                last_value DOUBLE PRECISION, last_at_ms BIGINT, level INTEGER NOT NULL DEFAULT 0, assigned_to TEXT,
                escalated_to TEXT NOT NULL DEFAULT '[]', acknowledged_at_ms BIGINT, drill BIGINT NOT NULL DEFAULT 0,
                incident TEXT, head_hash TEXT);
            CREATE INDEX alerts_rule_device ON alerts(rule_id, device_id, state);
            CREATE TABLE alert_events(
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, alert_id TEXT NOT NULL REFERENCES alerts(id),
                type TEXT NOT NULL, actor TEXT NOT NULL, at_ms BIGINT NOT NULL, note TEXT, disposition TEXT, to_user TEXT,
                prev_hash TEXT, hash TEXT);
            CREATE INDEX alert_events_alert ON alert_events(alert_id, id);
            CREATE TABLE alert_feed(
                position BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, alert_id TEXT NOT NULL, push INTEGER NOT NULL,
                notice_kind TEXT, notice_to TEXT, alert TEXT NOT NULL, at_ms BIGINT NOT NULL);
            CREATE TABLE feed_checkpoints(consumer TEXT PRIMARY KEY, position BIGINT NOT NULL);
            """),
        new(8, "leases for single-owner work", """
            CREATE TABLE leases(name TEXT PRIMARY KEY, owner TEXT NOT NULL, token BIGINT NOT NULL, expires_ms BIGINT NOT NULL);
            """),
        new(9, "the alert ledger's version, checked by every commit", Alerts.RelationalAlertStore.VersionSchema),
        new(10, "notifications to the other instances when shared state changes", """
            CREATE FUNCTION heritage_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('heritage_changes', TG_ARGV[0]);
                RETURN NULL;
            END $$;
            CREATE TRIGGER registry_changed AFTER INSERT OR UPDATE OR DELETE ON registry
                FOR EACH STATEMENT EXECUTE FUNCTION heritage_notify_change('registry');
            CREATE TRIGGER works_changed AFTER INSERT OR UPDATE OR DELETE ON works
                FOR EACH STATEMENT EXECUTE FUNCTION heritage_notify_change('works');
            CREATE TRIGGER alert_feed_changed AFTER INSERT ON alert_feed
                FOR EACH STATEMENT EXECUTE FUNCTION heritage_notify_change('alerts');
            """),
        new(11, "when each device was last heard from, by any instance", Devices.RelationalDeviceSightings.Schema),
        new(12, "notifications when an account or a sign-in session changes", """
            CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
                FOR EACH STATEMENT EXECUTE FUNCTION heritage_notify_change('accounts');
            CREATE TRIGGER auth_sessions_changed AFTER UPDATE OR DELETE ON auth_sessions
                FOR EACH STATEMENT EXECUTE FUNCTION heritage_notify_change('accounts');
            """),
        new(13, "the queue that hands readings to the instance judging their rule partition", Rules.PostgresRuleInbox.Schema),
        new(14, "patrols of grid inspectors, their visits and positions, and the cells' patrol duties", Patrols.RelationalPatrolStore.Schema),
        new(15, "the inspectors' visit reports (checklist, note, photos)", Patrols.RelationalPatrolStore.ReportsSchema),
        new(16, "one running patrol per inspector, whichever instance starts it", Patrols.PostgresPatrolStore.OneRunningMigration),
    ];

    /// <summary>The newest version this build knows.</summary>
    public static int Latest => All[^1].Version;

    /// <summary>
    /// Brings the schema up to <paramref name="upTo"/> (by default the newest): every missing migration in one
    /// transaction, all or none, holding an advisory lock. Returns the versions it applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">The database was migrated by a newer build than this one.</exception>
    public static IReadOnlyList<int> Apply(PostgresDatabase database, int? upTo = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var target = upTo ?? Latest;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        Sql.Execute(connection, "SELECT pg_advisory_xact_lock(@p0)", LockKey);
        Sql.Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations(
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """);
        var current = CurrentVersion(connection);
        if (current > Latest)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The database's schema is at version {current}, newer than this build's {Latest}: run the newer build."));
        }

        var applied = new List<int>();
        foreach (var migration in All.Where(m => m.Version > current && m.Version <= target))
        {
            Sql.Execute(connection, migration.Ddl);
            Sql.Execute(connection, "INSERT INTO schema_migrations(version, name) VALUES (@p0, @p1)", migration.Version, migration.Name);
            applied.Add(migration.Version);
        }

        transaction.Commit();
        return applied;
    }

    /// <summary>The version the database's schema is at; 0 when it has none yet.</summary>
    public static int Version(PostgresDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.Open();
        using var exists = Sql.Command(connection, "SELECT to_regclass('schema_migrations') IS NOT NULL");
        return (bool)exists.ExecuteScalar()! ? CurrentVersion(connection) : 0;
    }

    private static int CurrentVersion(System.Data.Common.DbConnection connection)
    {
        using var command = Sql.Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
