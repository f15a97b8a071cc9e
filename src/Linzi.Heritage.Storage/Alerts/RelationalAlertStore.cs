using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Alerts, their append-only hash-chained histories and the change feed. Each ledger commit stores the alert rows,
/// their events and the feed entries in one transaction, so history, state and what the feed's consumers will see
/// never disagree. SQL that SQLite and PostgreSQL both run; the engines (<see cref="SqliteAlertStore"/>,
/// <see cref="PostgresAlertStore"/>) open connections, own the schema and say how a JSON array is searched.
/// Thread-safe (a connection per call); the alert ledger is the only writer.
/// </summary>
public abstract partial class RelationalAlertStore : IAlertStore, IAlertFeed
{
    private const string Columns =
        "id, sequence, rule_id, severity, state, site_id, device_id, cell_id, zone_ids, metric, value, raised_at_ms, updated_at_ms, message, disposition, " +
        "subject, occurrences, last_value, last_at_ms, level, assigned_to, escalated_to, acknowledged_at_ms, drill, incident";

    private static readonly string UpdateColumns =
        string.Join(", ", Columns.Split(", ").Skip(1).Select(column => $"{column} = excluded.{column}"));

    /// <summary>The <c>integrity_meta</c> row naming the scheme the alert chains were keyed with.</summary>
    public const string ChainMetaName = "alert_chain";

    private readonly IntegrityKey _key;

    /// <summary>A store whose event chains are keyed with <paramref name="key"/>.</summary>
    protected RelationalAlertStore(IntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>The key the event chains are written with.</summary>
    protected IntegrityKey Key => _key;

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>Opens a connection for writes that are redone if lost (feed checkpoints); by default <see cref="Open"/>.</summary>
    protected virtual DbConnection OpenForReplayableWrites() => Open();

    /// <summary>SQL true when the JSON array of strings in <paramref name="column"/> holds the value of <paramref name="parameter"/>.</summary>
    protected abstract string JsonArrayHolds(string column, string parameter);

    /// <inheritdoc />
    public long MaxSequence()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT COALESCE(MAX(sequence), 0) FROM alerts");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The table holding the ledger's version, one row; both engines create it with this DDL.</summary>
    public const string VersionSchema = """
        CREATE TABLE IF NOT EXISTS ledger_version(id INTEGER PRIMARY KEY, version BIGINT NOT NULL);
        INSERT INTO ledger_version(id, version) VALUES (1, 0) ON CONFLICT DO NOTHING;
        """;

    /// <inheritdoc />
    public virtual bool Shared => false;

    /// <inheritdoc />
    public virtual IDisposable HoldLedger() => NoHold.Instance;

    private sealed class NoHold : IDisposable
    {
        public static readonly NoHold Instance = new();

        public void Dispose()
        {
        }
    }

    /// <inheritdoc />
    public long Version()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT version FROM ledger_version WHERE id = 1");
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries) => Commit(entries, expectedVersion: null);

    /// <inheritdoc />
    public IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries, long expectedVersion) => Commit(entries, (long?)expectedVersion);

    private List<long> Commit(IReadOnlyList<LedgerEntry> entries, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var positions = new List<long>();
        using var connection = Open();
        using var transaction = connection.BeginTransaction();

        // First, so that it takes the version row's lock before anything else: commits from several instances then
        // run one after another, and feed positions rise in commit order (a follower never sees 11 before 10).
        using (var bump = expectedVersion is { } expected
                   ? Sql.Command(connection, "UPDATE ledger_version SET version = version + 1 WHERE id = 1 AND version = @p0", expected)
                   : Sql.Command(connection, "UPDATE ledger_version SET version = version + 1 WHERE id = 1"))
        {
            if (bump.ExecuteNonQuery() == 0)
            {
                throw new LedgerConflictException(expectedVersion ?? -1);
            }
        }

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
    private static void Upsert(DbConnection connection, Alert alert)
    {
        using var upsert = Sql.Command(
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
        using var connection = Open();
        using var command = Sql.Command(connection, $"SELECT {Columns} FROM alerts WHERE id = @p0", id);
        return ReadAlerts(command).FirstOrDefault();
    }

    /// <inheritdoc />
    public IReadOnlyList<Alert> Active()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, $"SELECT {Columns} FROM alerts WHERE state <> 'resolved'");
        return ReadAlerts(command);
    }

    /// <summary>
    /// For every active alert, the time of its latest clock event (raised, escalated, reminded, acknowledged): the
    /// escalation deadlines are recomputed from the persisted history, so a restart keeps them.
    /// </summary>
    public Dictionary<string, DateTimeOffset> ClockStarts()
    {
        using var connection = Open();
        using var command = Sql.Command(
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
        using (var connection = Open())
        using (var command = Sql.Command(
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
        using var connection = Open();
        using var command = Sql.Command(connection, $"SELECT {Columns} FROM alerts WHERE incident IS NOT NULL");
        return [.. ReadAlerts(command).Where(a => a.Incident is { } clock && (clock.InitialReportedAt is null || clock.FormalReportedAt is null))];
    }

    /// <inheritdoc />
    public IReadOnlyList<Alert> Query(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);

        var parameters = new SqlParameters();
        var filters = new List<string>();
        if (query.State is { } state)
        {
            filters.Add($"state = {parameters.Add(state.ToWire())}");
        }

        if (query.SiteId is { } siteId)
        {
            filters.Add($"site_id = {parameters.Add(siteId)}");
        }

        if (query.CellId is { } cellId)
        {
            filters.Add($"cell_id = {parameters.Add(cellId)}");
        }

        if (query.VisibleCellIds is { } visible)
        {
            // A user's scope: their cells, what was escalated to them, and cell-less alerts of the sites they chief.
            var scope = new List<string>();
            if (visible.Count > 0)
            {
                scope.Add($"cell_id IN ({string.Join(", ", visible.Select(parameters.Add))})");
            }

            if (query.Username is { } username)
            {
                scope.Add(JsonArrayHolds("escalated_to", parameters.Add(username)));
            }

            if (query.ChiefOfSiteIds is { Count: > 0 } chiefOf)
            {
                scope.Add($"(cell_id IS NULL AND site_id IN ({string.Join(", ", chiefOf.Select(parameters.Add))}))");
            }

            filters.Add(scope.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", scope) + ")");
        }

        filters.Add($"sequence > {parameters.Add(query.SinceSequence ?? 0)}");
        using var connection = Open();
        using var command = Sql.Command(
            connection,
            $"SELECT {Columns} FROM alerts WHERE {string.Join(" AND ", filters)} ORDER BY sequence DESC LIMIT {parameters.Add(query.Limit)}",
            parameters.Values);
        return ReadAlerts(command);
    }

    /// <inheritdoc />
    public IReadOnlyList<AlertEvent> Events(string alertId)
    {
        using var connection = Open();
        using var command = Sql.Command(
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

    private static List<Alert> ReadAlerts(DbCommand command)
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
