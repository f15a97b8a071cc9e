using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Patrols;

/// <summary>
/// Patrols (one JSON document each, with a version for optimistic concurrency), their visits and positions, and the
/// cells' duties, in SQL that SQLite and PostgreSQL both run; the engines open connections and own the schema.
/// Positions are location history: kept only for patrols and deleted after the retention period, while the visits
/// (the record of duty done) stay. Thread-safe.
/// </summary>
public abstract class RelationalPatrolStore : IPatrolStore
{
    /// <summary>
    /// The tables, for both engines, as PostgreSQL migration 14 released them: <c>patrols_running</c> is made unique by
    /// <see cref="OneRunningSchema"/> after it (migration 16; the SQLite store on opening).
    /// </summary>
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS patrols(
            id TEXT PRIMARY KEY, inspector TEXT NOT NULL, started_ms BIGINT NOT NULL, ended_ms BIGINT, version BIGINT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS patrols_running ON patrols(inspector) WHERE ended_ms IS NULL;
        CREATE TABLE IF NOT EXISTS patrol_visits(
            patrol_id TEXT NOT NULL, arrived_ms BIGINT NOT NULL, inspector TEXT NOT NULL, cell_id TEXT NOT NULL, site_id TEXT,
            left_ms BIGINT NOT NULL, PRIMARY KEY(patrol_id, arrived_ms));
        CREATE INDEX IF NOT EXISTS patrol_visits_by_time ON patrol_visits(arrived_ms);
        CREATE TABLE IF NOT EXISTS patrol_positions(
            patrol_id TEXT NOT NULL, ts_ms BIGINT NOT NULL, lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL,
            accuracy_m DOUBLE PRECISION, rejected TEXT);
        CREATE INDEX IF NOT EXISTS patrol_positions_by_patrol ON patrol_positions(patrol_id, ts_ms);
        CREATE INDEX IF NOT EXISTS patrol_positions_by_time ON patrol_positions(ts_ms);
        CREATE TABLE IF NOT EXISTS patrol_duties(
            cell_id TEXT PRIMARY KEY, body TEXT NOT NULL, last_judged_ms BIGINT, missed_deadline_ms BIGINT);
        """;

    /// <summary>The visit reports' table, for both engines (PostgreSQL migration 15).</summary>
    public const string ReportsSchema = """
        CREATE TABLE IF NOT EXISTS patrol_reports(
            patrol_id TEXT NOT NULL, at_ms BIGINT NOT NULL, cell_id TEXT NOT NULL, inspector TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS patrol_reports_by_patrol ON patrol_reports(patrol_id, at_ms);
        CREATE INDEX IF NOT EXISTS patrol_reports_by_time ON patrol_reports(at_ms);
        """;

    /// <summary>
    /// Makes <c>patrols_running</c> a unique index, so that an inspector has at most one running patrol however many
    /// instances share the database (<see cref="Create"/> is refused a second). Until then two instances could each
    /// start one; building the index over such twins would fail, and with it every start of the server, so first the
    /// older of them end when the newest started (in the column and in the body, and at a new version, so that a save
    /// made from before is refused and decided again on the ended patrol), in the same transaction. The newest is kept:
    /// it is the one <see cref="Running"/> has been returning. Their visits so far are stored already and stay.
    /// </summary>
    /// <param name="endedAtJson">The engine's SQL for the body <c>p.body</c> with <c>EndedAt</c> set to <c>n.started_ms</c>.</param>
    protected static string OneRunningSchema(string endedAtJson) => $"""
        UPDATE patrols AS p SET ended_ms = n.started_ms, version = p.version + 1, body = {endedAtJson}
        FROM (
            SELECT inspector, id, started_ms FROM (
                SELECT inspector, id, started_ms, ROW_NUMBER() OVER (PARTITION BY inspector ORDER BY started_ms DESC, id DESC) AS newest
                FROM patrols WHERE ended_ms IS NULL) AS running
            WHERE newest = 1) AS n
        WHERE p.inspector = n.inspector AND p.ended_ms IS NULL AND p.id <> n.id;
        DROP INDEX IF EXISTS patrols_running;
        CREATE UNIQUE INDEX patrols_running ON patrols(inspector) WHERE ended_ms IS NULL;
        """;

    // Visits end well within a day; a visit that left in the range arrived at most this long before it.
    private static readonly TimeSpan LongestVisit = TimeSpan.FromDays(1);

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <inheritdoc />
    public bool Create(Patrol patrol)
    {
        ArgumentNullException.ThrowIfNull(patrol);
        using var connection = Open();
        // The unique index patrols_running is the guard: of two instances inserting at once, the second inserts nothing.
        return Sql.Execute(
            connection,
            """
            INSERT INTO patrols(id, inspector, started_ms, ended_ms, version, body) VALUES (@p0, @p1, @p2, @p3, 1, @p4)
            ON CONFLICT(inspector) WHERE ended_ms IS NULL DO NOTHING
            """,
            patrol.Id, patrol.Inspector, patrol.StartedAt.ToUnixTimeMilliseconds(), patrol.EndedAt?.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(patrol)) == 1;
    }

    /// <inheritdoc />
    public StoredPatrol? Find(string id) => One("SELECT body, version FROM patrols WHERE id = @p0", id);

    /// <inheritdoc />
    public StoredPatrol? Running(string inspector) =>
        One("SELECT body, version FROM patrols WHERE inspector = @p0 AND ended_ms IS NULL ORDER BY started_ms DESC LIMIT 1", inspector);

    /// <inheritdoc />
    public bool Save(PatrolChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var patrol = change.Patrol;
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var updated = Sql.Execute(
            connection,
            "UPDATE patrols SET ended_ms = @p0, version = version + 1, body = @p1 WHERE id = @p2 AND version = @p3",
            patrol.EndedAt?.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(patrol), patrol.Id, change.Version);
        if (updated == 0)
        {
            return false;
        }

        Sql.Execute(connection, "DELETE FROM patrol_visits WHERE patrol_id = @p0", patrol.Id);
        foreach (var visit in change.Visits)
        {
            Sql.Execute(
                connection,
                "INSERT INTO patrol_visits(patrol_id, arrived_ms, inspector, cell_id, site_id, left_ms) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                patrol.Id, visit.ArrivedAt.ToUnixTimeMilliseconds(), patrol.Inspector, visit.CellId, visit.SiteId, visit.LeftAt.ToUnixTimeMilliseconds());
        }

        foreach (var (position, reason) in change.Accepted.Select(p => (p, (string?)null)).Concat(change.Rejected.Select(r => (r.Position, (string?)r.Reason))))
        {
            Sql.Execute(
                connection,
                "INSERT INTO patrol_positions(patrol_id, ts_ms, lat, lon, accuracy_m, rejected) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                patrol.Id, position.Ts.ToUnixTimeMilliseconds(), position.Lat, position.Lon, position.AccuracyM, reason);
        }

        transaction.Commit();
        return true;
    }

    /// <inheritdoc />
    public IReadOnlyList<InspectorVisit> Visits(DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection,
            """
            SELECT inspector, cell_id, site_id, arrived_ms, left_ms FROM patrol_visits
            WHERE arrived_ms < @p1 AND arrived_ms >= @p2 AND left_ms >= @p0 ORDER BY arrived_ms, patrol_id
            """,
            from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), (from - LongestVisit).ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var visits = new List<InspectorVisit>();
        while (reader.Read())
        {
            visits.Add(new InspectorVisit(
                reader.GetString(0),
                new PatrolVisit(
                    reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)))));
        }

        return visits;
    }

    /// <inheritdoc />
    public IReadOnlyList<TrackPoint> Track(string patrolId)
    {
        using var connection = Open();
        using var command = Sql.Command(
            connection, "SELECT ts_ms, lat, lon, accuracy_m, rejected FROM patrol_positions WHERE patrol_id = @p0 ORDER BY ts_ms", patrolId);
        using var reader = command.ExecuteReader();
        var track = new List<TrackPoint>();
        while (reader.Read())
        {
            var position = new PatrolPosition(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1), reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3));
            track.Add(new TrackPoint(position, reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return track;
    }

    /// <inheritdoc />
    public int DeletePositionsBefore(DateTimeOffset before)
    {
        using var connection = Open();
        return Sql.Execute(connection, "DELETE FROM patrol_positions WHERE ts_ms < @p0", before.ToUnixTimeMilliseconds());
    }

    /// <inheritdoc />
    public void AddReport(VisitReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var connection = Open();
        Sql.Execute(
            connection,
            "INSERT INTO patrol_reports(patrol_id, at_ms, cell_id, inspector, body) VALUES (@p0, @p1, @p2, @p3, @p4)",
            report.PatrolId, report.At.ToUnixTimeMilliseconds(), report.CellId, report.Inspector, JsonSerializer.Serialize(report));
    }

    /// <inheritdoc />
    public IReadOnlyList<VisitReport> ReportsOf(string patrolId) =>
        ReadReports("SELECT body FROM patrol_reports WHERE patrol_id = @p0 ORDER BY at_ms", patrolId);

    /// <inheritdoc />
    public IReadOnlyList<VisitReport> Reports(DateTimeOffset from, DateTimeOffset to) =>
        ReadReports("SELECT body FROM patrol_reports WHERE at_ms >= @p0 AND at_ms < @p1 ORDER BY at_ms", from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());

    private List<VisitReport> ReadReports(string sql, params object[] values)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, sql, values);
        using var reader = command.ExecuteReader();
        var reports = new List<VisitReport>();
        while (reader.Read())
        {
            reports.Add(JsonSerializer.Deserialize<VisitReport>(reader.GetString(0))!);
        }

        return reports;
    }

    /// <inheritdoc />
    public IReadOnlyList<(PatrolDuty Duty, DutyJudgement Judgement)> Duties() => [.. ReadDuties("ORDER BY cell_id").Where(d => d.Duty.EndedAt is null)];

    /// <inheritdoc />
    public IReadOnlyList<(PatrolDuty Duty, DutyJudgement Judgement)> AllDuties() => ReadDuties("ORDER BY cell_id");

    /// <inheritdoc />
    public PatrolDuty? Duty(string cellId) => ReadDuties("WHERE cell_id = @p0", cellId).Select(d => d.Duty).SingleOrDefault();

    /// <inheritdoc />
    public void PutDuty(PatrolDuty duty)
    {
        ArgumentNullException.ThrowIfNull(duty);
        using var connection = Open();
        Sql.Execute(
            connection,
            "INSERT INTO patrol_duties(cell_id, body) VALUES (@p0, @p1) ON CONFLICT(cell_id) DO UPDATE SET body = excluded.body",
            duty.CellId, JsonSerializer.Serialize(PatrolDutyMapper.ToDefinition(duty)));
    }

    /// <inheritdoc />
    public PatrolDuty? WithdrawDuty(string cellId, DateTimeOffset at)
    {
        using var connection = Open();
        string body;
        using (var read = Sql.Command(connection, "SELECT body FROM patrol_duties WHERE cell_id = @p0", cellId))
        {
            if (read.ExecuteScalar() is not string stored)
            {
                return null;
            }

            body = stored;
        }

        var duty = ReadDuty(cellId, body);
        if (duty.EndedAt is not null)
        {
            return null;
        }

        // Compare and set on the body read: a concurrent withdrawal or change makes this one update nothing.
        var withdrawn = JsonSerializer.Serialize(PatrolDutyMapper.ToDefinition(duty with { EndedAt = at }));
        var updated = Sql.Execute(
            connection,
            "UPDATE patrol_duties SET body = @p0, last_judged_ms = NULL WHERE cell_id = @p1 AND body = @p2",
            withdrawn, cellId, body);
        return updated == 1 ? duty : null;
    }

    // A withdrawn duty stays in its row with its end in the body: there are as many rows as cells ever given a duty.
    private List<(PatrolDuty Duty, DutyJudgement Judgement)> ReadDuties(string filter, params object[] values)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT cell_id, body, last_judged_ms, missed_deadline_ms FROM patrol_duties " + filter, values);
        using var reader = command.ExecuteReader();
        var duties = new List<(PatrolDuty, DutyJudgement)>();
        while (reader.Read())
        {
            duties.Add((ReadDuty(reader.GetString(0), reader.GetString(1)), new DutyJudgement(Time(reader, 2), Time(reader, 3))));
        }

        return duties;
    }

    private static PatrolDuty ReadDuty(string cellId, string body)
    {
        var definition = JsonSerializer.Deserialize<PatrolDutyDefinition>(body)!;
        return PatrolDutyMapper.TryMap(cellId, definition, definition.SetBy ?? "?", definition.SetAt ?? DateTimeOffset.UnixEpoch, out _)!;
    }

    /// <inheritdoc />
    public void SaveJudgement(string cellId, DutyJudgement judgement)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        using var connection = Open();
        Sql.Execute(
            connection,
            "UPDATE patrol_duties SET last_judged_ms = @p0, missed_deadline_ms = @p1 WHERE cell_id = @p2",
            judgement.LastJudged?.ToUnixTimeMilliseconds(), judgement.MissedDeadline?.ToUnixTimeMilliseconds(), cellId);
    }

    private StoredPatrol? One(string sql, string value)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, sql, value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredPatrol(JsonSerializer.Deserialize<Patrol>(reader.GetString(0))!, reader.GetInt64(1)) : null;
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
