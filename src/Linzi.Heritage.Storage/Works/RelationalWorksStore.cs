using System.Data.Common;
using System.Text.Json;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Works;

/// <summary>
/// Permits and maintenance windows (one JSON document each, as the API carries them) and how many alerts each
/// suppressed, in SQL that SQLite and PostgreSQL both run; the engines (<see cref="SqliteWorksStore"/>,
/// <see cref="PostgresWorksStore"/>) open connections and own the schema. Expired entries are kept: they are the
/// record of what was allowed. Thread-safe.
/// </summary>
/// <remarks>
/// Schema: <c>works(kind, id, body)</c> keyed by (kind, id), and <c>works_hits(id PRIMARY KEY, count, last_at_ms)</c>.
/// </remarks>
public abstract class RelationalWorksStore : IWorksStore
{
    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <summary>Loads every permit and window.</summary>
    public WorksRegistry Load()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT kind, body FROM works ORDER BY id, kind");
        using var reader = command.ExecuteReader();
        var permits = new List<Permit>();
        var windows = new List<MaintenanceWindow>();
        var drills = new List<MaintenanceWindow>();
        while (reader.Read())
        {
            var kind = reader.GetString(0);
            if (kind == "permit")
            {
                var d = JsonSerializer.Deserialize<PermitDefinition>(reader.GetString(1))!;
                permits.Add(WorksMapper.TryMap(d, d.CreatedBy ?? "?", d.CreatedAt ?? DateTimeOffset.UnixEpoch, out _)!);
            }
            else
            {
                var d = JsonSerializer.Deserialize<MaintenanceDefinition>(reader.GetString(1))!;
                var window = new MaintenanceWindow(d.Id!, d.DeviceId, d.SiteId, d.From!.Value, d.To!.Value, d.Reason!, d.CreatedBy ?? "?", d.CreatedAt ?? DateTimeOffset.UnixEpoch);
                (kind == "drill" ? drills : windows).Add(window);
            }
        }

        return new WorksRegistry(permits, windows, drills);
    }

    /// <summary>Stores a permit (insert or replace).</summary>
    public void Save(Permit permit) => Upsert("permit", WorksMapper.ToDefinition(permit).Id!, JsonSerializer.Serialize(WorksMapper.ToDefinition(permit)));

    /// <summary>Stores a maintenance window (insert or replace).</summary>
    public void Save(MaintenanceWindow window) => Upsert("maintenance", window.Id, JsonSerializer.Serialize(WorksMapper.ToDefinition(window)));

    /// <summary>Stores a drill window (insert or replace).</summary>
    public void SaveDrill(MaintenanceWindow drill) => Upsert("drill", drill.Id, JsonSerializer.Serialize(WorksMapper.ToDefinition(drill)));

    /// <summary>Deletes a drill window; false when there was none.</summary>
    public bool DeleteDrill(string id) => Delete("drill", id);

    /// <summary>Deletes a permit; false when there was none.</summary>
    public bool DeletePermit(string id) => Delete("permit", id);

    /// <summary>Deletes a maintenance window; false when there was none.</summary>
    public bool DeleteMaintenance(string id) => Delete("maintenance", id);

    /// <summary>Adds suppression counts, in one transaction.</summary>
    public void AddHits(IReadOnlyDictionary<string, (long Count, DateTimeOffset Last)> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0)
        {
            return;
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (id, (count, last)) in hits)
        {
            using var command = Sql.Command(
                connection,
                """
                INSERT INTO works_hits(id, count, last_at_ms) VALUES (@p0, @p1, @p2)
                ON CONFLICT(id) DO UPDATE SET
                    count = works_hits.count + excluded.count,
                    last_at_ms = CASE WHEN excluded.last_at_ms > works_hits.last_at_ms THEN excluded.last_at_ms ELSE works_hits.last_at_ms END
                """,
                id, count, last.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>How many alerts an entry suppressed, and the latest.</summary>
    public (long Count, DateTimeOffset? Last) Hits(string id)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT count, last_at_ms FROM works_hits WHERE id = @p0", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))) : (0, null);
    }

    private bool Delete(string kind, string id)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "DELETE FROM works WHERE kind = @p0 AND id = @p1", kind, id);
        return command.ExecuteNonQuery() > 0;
    }

    private void Upsert(string kind, string id, string body)
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "INSERT INTO works(kind, id, body) VALUES (@p0, @p1, @p2) ON CONFLICT(kind, id) DO UPDATE SET body = excluded.body", kind, id, body);
        command.ExecuteNonQuery();
    }
}
