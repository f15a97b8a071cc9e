using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Alerts, their append-only hash-chained histories and the change feed, in the state database. Each ledger commit
/// stores the alert rows, their events and the feed entries in one transaction, so history, state and what the
/// feed's consumers will see never disagree. Thread-safe (a connection per call); the alert ledger is the only writer.
/// </summary>
public sealed partial class SqliteAlertStore : IAlertStore, IAlertFeed
{
    private const string Columns =
        "id, sequence, rule_id, severity, state, site_id, device_id, cell_id, zone_ids, metric, value, raised_at_ms, updated_at_ms, message, disposition, " +
        "subject, occurrences, last_value, last_at_ms, level, assigned_to, escalated_to, acknowledged_at_ms, drill, incident";

    private static readonly string UpdateColumns =
        string.Join(", ", Columns.Split(", ").Skip(1).Select(column => $"{column} = excluded.{column}"));

    /// <summary>The <c>integrity_meta</c> row naming the scheme the alert chains were keyed with.</summary>
    public const string ChainMetaName = "alert_chain";

    private readonly SqliteDatabase _database;
    private readonly IntegrityKey _key;

    /// <summary>Creates the schema if needed, and re-keys the plain SHA-256 chains of an older data directory once.</summary>
    public SqliteAlertStore(DataFiles files, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _key = files.IntegrityKey;
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
        _database.EnsureSchema(IntegrityMeta.Schema);
        Rekeyed = RekeyOnce((time ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>What this instance re-keyed at start (null when the chains were keyed already).</summary>
    public ChainRekeying? Rekeyed { get; }

    /// <inheritdoc />
    public long MaxSequence()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT IFNULL(MAX(sequence), 0) FROM alerts");
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var positions = new List<long>();
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var entry in entries)
        {
            Upsert(connection, entry.Alert);
            foreach (var alertEvent in entry.Events)
            {
                InsertEvent(connection, alertEvent);
            }

            if (entry.IsFed)
            {
                positions.Add(InsertChange(connection, entry));
            }
        }

        transaction.Commit();
        return positions;
    }

    // The head hash is left alone: only InsertEvent moves it.
    private static void Upsert(SqliteConnection connection, Alert alert)
    {
        using var upsert = SqliteDatabase.Command(
            connection,
            $"""
            INSERT INTO alerts({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21, @p22, @p23, @p24)
            ON CONFLICT(id) DO UPDATE SET {UpdateColumns}
            """,
            alert.Id, alert.Sequence, alert.RuleId, alert.Severity.ToWire(), alert.State.ToWire(), alert.SiteId, alert.DeviceId,
            alert.CellId, JsonSerializer.Serialize(alert.ZoneIds), alert.Metric, alert.Value,
            alert.RaisedAt.ToUnixTimeMilliseconds(), alert.UpdatedAt.ToUnixTimeMilliseconds(), alert.Message, alert.Disposition,
            alert.Subject, alert.Occurrences, alert.LastValue, alert.LastAt.ToUnixTimeMilliseconds(), alert.Level, alert.AssignedTo,
            JsonSerializer.Serialize(alert.EscalatedTo), alert.AcknowledgedAt?.ToUnixTimeMilliseconds(), alert.Drill ? 1 : 0,
            alert.Incident is null ? null : JsonSerializer.Serialize(alert.Incident));
        upsert.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public Alert? Get(string id)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM alerts WHERE id = @p0", id);
        return ReadAlerts(command).FirstOrDefault();
    }

    /// <inheritdoc />
    public IReadOnlyList<Alert> Active()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, $"SELECT {Columns} FROM alerts WHERE state <> 'resolved'");
        return ReadAlerts(command);
    }

    /// <summary>
    /// For every active alert, the time of its latest clock event (raised, escalated, reminded, acknowledged): the
    /// escalation deadlines are recomputed from the persisted history, so a restart keeps them.
    /// </summary>
    public Dictionary<string, DateTimeOffset> ClockStarts()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            """
            SELECT e.alert_id, MAX(e.at_ms) FROM alert_events e JOIN alerts a ON a.id = e.alert_id
            WHERE a.state <> 'resolved' AND e.type IN ('raised', 'escalated', 'reminded', 'acknowledged') GROUP BY e.alert_id
            """);
        using var reader = command.ExecuteReader();
        var starts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read())
        {
            starts[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }

        return starts;
    }

    /// <summary>
    /// Alerts raised in [<paramref name="from"/>, <paramref name="to"/>) with their histories, drills or real ones,
    /// system alerts left out: the input of the response statistics.
    /// </summary>
    public IReadOnlyList<(Alert Alert, IReadOnlyList<AlertEvent> Events)> WithEvents(DateTimeOffset from, DateTimeOffset to, bool drill)
    {
        List<Alert> alerts;
        using (var connection = _database.Open())
        using (var command = SqliteDatabase.Command(
            connection,
            $"SELECT {Columns} FROM alerts WHERE raised_at_ms >= @p0 AND raised_at_ms < @p1 AND drill = @p2 AND site_id <> 'system' ORDER BY sequence",
            from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), drill ? 1 : 0))
        {
            alerts = ReadAlerts(command);
        }

        return [.. alerts.Select(a => (a, Events(a.Id)))];
    }

    /// <inheritdoc />
    public IReadOnlyList<Alert> OpenIncidents()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            $"""
            SELECT {Columns} FROM alerts WHERE incident IS NOT NULL
              AND (json_extract(incident, '$.InitialReportedAt') IS NULL OR json_extract(incident, '$.FormalReportedAt') IS NULL)
            """);
        return ReadAlerts(command);
    }

    /// <summary>
    /// Walks an alert's history and checks its hash chain: each event's hash covers its own fields and the previous
    /// event's hash, so changing, removing or reordering a stored event breaks every hash after it.
    /// </summary>
    public ChainVerification VerifyChain(string alertId)
    {
        using var connection = _database.Open();
        return VerifyChain(connection, alertId);
    }

    /// <inheritdoc />
    public AlertChainsVerification VerifyChains()
    {
        using var connection = _database.Open();
        var ids = new List<string>();
        using (var command = SqliteDatabase.Command(connection, "SELECT id FROM alerts ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var broken = new List<ChainVerification>();
        long events = 0;
        var brokenCount = 0;
        foreach (var id in ids)
        {
            var result = VerifyChain(connection, id);
            events += result.EventsChecked;
            if (!result.Intact)
            {
                brokenCount++;
                if (broken.Count < 100)
                {
                    broken.Add(result);
                }
            }
        }

        return new AlertChainsVerification(brokenCount == 0, ids.Count, events, broken);
    }

    /// <inheritdoc />
    public AlertChainsHead ChainsHead()
    {
        using var connection = _database.Open();
        using var hmac = _key.CreateHmac();
        hmac.AppendData("alert-heads"u8);
        using (var command = SqliteDatabase.Command(connection, "SELECT id, head_hash FROM alerts WHERE head_hash IS NOT NULL ORDER BY id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                hmac.AppendData(JsonSerializer.SerializeToUtf8Bytes(new[] { reader.GetString(0), reader.GetString(1) }));
            }
        }

        using var count = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM alert_events");
        return new AlertChainsHead((long)count.ExecuteScalar()!, Convert.ToHexStringLower(hmac.GetHashAndReset()));
    }

    private ChainVerification VerifyChain(SqliteConnection connection, string alertId)
    {
        using var command = SqliteDatabase.Command(
            connection, "SELECT id, alert_id, type, actor, at_ms, note, disposition, to_user, prev_hash, hash FROM alert_events WHERE alert_id = @p0 ORDER BY id", alertId);
        using var reader = command.ExecuteReader();
        var previous = "";
        var count = 0;
        while (reader.Read())
        {
            count++;
            var id = reader.GetInt64(0);
            var stored = reader.IsDBNull(9) ? null : reader.GetString(9);
            var storedPrevious = reader.IsDBNull(8) ? null : reader.GetString(8);
            var expected = EventHash.Compute(
                _key, previous, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            if (stored != expected || storedPrevious != previous)
            {
                return new ChainVerification(alertId, false, count, id,
                    storedPrevious != previous ? "the event does not follow the one before it (removed or reordered)" : "the event's content does not match its hash (altered)");
            }

            previous = stored!;
        }

        reader.Close();
        using var headQuery = SqliteDatabase.Command(connection, "SELECT head_hash FROM alerts WHERE id = @p0", alertId);
        if (headQuery.ExecuteScalar() is string headHash && headHash != previous)
        {
            return new ChainVerification(alertId, false, count, null, "the newest events are missing (the chain ends before the alert's head hash)");
        }

        return new ChainVerification(alertId, true, count, null, null);
    }

    private void InsertEvent(SqliteConnection connection, AlertEvent alertEvent)
    {
        string previous;
        using (var last = SqliteDatabase.Command(connection, "SELECT hash FROM alert_events WHERE alert_id = @p0 ORDER BY id DESC LIMIT 1", alertEvent.AlertId))
        {
            previous = last.ExecuteScalar() as string ?? "";
        }

        var at = alertEvent.At.ToUnixTimeMilliseconds();
        var hash = EventHash.Compute(_key, previous, alertEvent.AlertId, alertEvent.Type, alertEvent.Actor, at, alertEvent.Note, alertEvent.Disposition, alertEvent.To);
        using (var insert = SqliteDatabase.Command(
            connection,
            "INSERT INTO alert_events(alert_id, type, actor, at_ms, note, disposition, to_user, prev_hash, hash) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)",
            alertEvent.AlertId, alertEvent.Type, alertEvent.Actor, at, alertEvent.Note, alertEvent.Disposition, alertEvent.To, previous, hash))
        {
            insert.ExecuteNonQuery();
        }

        // The head of the chain sits on the alert row, so removing the newest events is caught too.
        using var head = SqliteDatabase.Command(connection, "UPDATE alerts SET head_hash = @p1 WHERE id = @p0", alertEvent.AlertId, hash);
        head.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public IReadOnlyList<Alert> Query(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            $"""
            SELECT {Columns} FROM alerts
            WHERE (@p0 IS NULL OR state = @p0) AND (@p1 IS NULL OR site_id = @p1) AND (@p2 IS NULL OR cell_id = @p2)
              AND (@p3 IS NULL OR cell_id IN (SELECT value FROM json_each(@p3))
                   OR EXISTS (SELECT 1 FROM json_each(escalated_to) WHERE value = @p6)
                   OR (cell_id IS NULL AND site_id IN (SELECT value FROM json_each(@p7))))
              AND sequence > @p4
            ORDER BY sequence DESC LIMIT @p5
            """,
            query.State?.ToWire(), query.SiteId, query.CellId,
            query.VisibleCellIds is null ? null : JsonSerializer.Serialize(query.VisibleCellIds),
            query.SinceSequence ?? 0, query.Limit, query.Username, JsonSerializer.Serialize(query.ChiefOfSiteIds ?? []));
        return ReadAlerts(command);
    }

    /// <inheritdoc />
    public IReadOnlyList<AlertEvent> Events(string alertId)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection, "SELECT alert_id, type, actor, at_ms, note, disposition, to_user FROM alert_events WHERE alert_id = @p0 ORDER BY id", alertId);
        using var reader = command.ExecuteReader();
        var events = new List<AlertEvent>();
        while (reader.Read())
        {
            events.Add(new AlertEvent(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5))
            {
                To = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }

        return events;
    }

    private static List<Alert> ReadAlerts(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var alerts = new List<Alert>();
        while (reader.Read())
        {
            _ = SeverityNames.TryParse(reader.GetString(3), out var severity);
            _ = AlertNames.TryParseState(reader.GetString(4), out var state);
            alerts.Add(new Alert(
                reader.GetString(0), reader.GetInt64(1), reader.GetString(2), severity, state, reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), JsonSerializer.Deserialize<string[]>(reader.GetString(8)) ?? [],
                reader.GetString(9), reader.GetDouble(10), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)), reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14))
            {
                Subject = reader.IsDBNull(15) ? reader.GetString(6) : reader.GetString(15),
                Occurrences = reader.GetInt32(16),
                LastValue = reader.IsDBNull(17) ? reader.GetDouble(10) : reader.GetDouble(17),
                LastAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.IsDBNull(18) ? reader.GetInt64(11) : reader.GetInt64(18)),
                Level = reader.GetInt32(19),
                AssignedTo = reader.IsDBNull(20) ? null : reader.GetString(20),
                EscalatedTo = JsonSerializer.Deserialize<string[]>(reader.GetString(21)) ?? [],
                AcknowledgedAt = reader.IsDBNull(22) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(22)),
                Drill = reader.GetInt64(23) != 0,
                Incident = reader.IsDBNull(24) ? null : JsonSerializer.Deserialize<IncidentClock>(reader.GetString(24)),
            });
        }

        return alerts;
    }
}
