using System.Data.Common;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Relational;

namespace Linzi.Heritage.Storage.Devices;

/// <summary>
/// Sightings in one table, <c>device_sightings(device_id PRIMARY KEY, last_ms)</c>, in SQL that SQLite and PostgreSQL
/// both run; the engines open connections and own the schema. An upsert moves a row only forward in time, so
/// instances recording at once keep the latest.
/// </summary>
public abstract class RelationalDeviceSightings : IDeviceSightings
{
    /// <summary>The table, for both engines.</summary>
    public const string Schema = "CREATE TABLE IF NOT EXISTS device_sightings(device_id TEXT PRIMARY KEY, last_ms BIGINT NOT NULL);";

    /// <summary>Opens a connection to the store's database.</summary>
    protected abstract DbConnection Open();

    /// <inheritdoc />
    public void Record(IReadOnlyDictionary<string, DateTimeOffset> lastSeen)
    {
        ArgumentNullException.ThrowIfNull(lastSeen);
        if (lastSeen.Count == 0)
        {
            return;
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var (deviceId, at) in lastSeen.OrderBy(s => s.Key, StringComparer.Ordinal)) // one lock order for every instance
        {
            Sql.Execute(
                connection,
                """
                INSERT INTO device_sightings(device_id, last_ms) VALUES (@p0, @p1)
                ON CONFLICT(device_id) DO UPDATE SET last_ms = excluded.last_ms WHERE device_sightings.last_ms < excluded.last_ms
                """,
                deviceId, at.ToUnixTimeMilliseconds());
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, DateTimeOffset> All()
    {
        using var connection = Open();
        using var command = Sql.Command(connection, "SELECT device_id, last_ms FROM device_sightings");
        using var reader = command.ExecuteReader();
        var sightings = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read())
        {
            sightings[reader.GetString(0)] = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        }

        return sightings;
    }
}
