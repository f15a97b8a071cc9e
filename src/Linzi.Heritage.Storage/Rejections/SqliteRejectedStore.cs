using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Rejections;

/// <summary>
/// Rejected payloads (the newest <see cref="IRejectedStore.Keep"/>) and a running count per reason, which survives restarts
/// even after old payloads are trimmed. Thread-safe (a connection per call).
/// </summary>
public sealed class SqliteRejectedStore : IRejectedStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteRejectedStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS rejected(
                id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, client_id TEXT, device_id TEXT, topic TEXT NOT NULL,
                reason TEXT NOT NULL, detail TEXT NOT NULL, payload_prefix TEXT NOT NULL, payload_bytes INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS rejected_counts(reason TEXT PRIMARY KEY, count INTEGER NOT NULL);
            """);
    }

    /// <summary>Stores a batch, bumps the counts and trims to the newest <see cref="IRejectedStore.Keep"/>.</summary>
    public void Add(IReadOnlyList<RejectedPayload> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var item in batch)
        {
            using var insert = SqliteDatabase.Command(
                connection,
                "INSERT INTO rejected(at_ms, client_id, device_id, topic, reason, detail, payload_prefix, payload_bytes) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)",
                item.At.ToUnixTimeMilliseconds(), item.ClientId, item.DeviceId, item.Topic, item.Reason, item.Detail, item.PayloadPrefix, item.PayloadBytes);
            insert.ExecuteNonQuery();
            using var count = SqliteDatabase.Command(
                connection,
                "INSERT INTO rejected_counts(reason, count) VALUES (@p0, 1) ON CONFLICT(reason) DO UPDATE SET count = count + 1",
                item.Reason);
            count.ExecuteNonQuery();
        }

        using var trim = SqliteDatabase.Command(connection, "DELETE FROM rejected WHERE id <= (SELECT MAX(id) FROM rejected) - @p0", IRejectedStore.Keep);
        trim.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>The newest rejected payloads, newest first.</summary>
    public IReadOnlyList<RejectedPayload> Recent(int limit)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(
            connection,
            "SELECT at_ms, client_id, device_id, topic, reason, detail, payload_prefix, payload_bytes FROM rejected ORDER BY id DESC LIMIT @p0",
            limit);
        using var reader = command.ExecuteReader();
        var items = new List<RejectedPayload>();
        while (reader.Read())
        {
            items.Add(new RejectedPayload(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetInt64(7)));
        }

        return items;
    }

    /// <summary>Total rejections per reason since the data directory was created.</summary>
    public IReadOnlyDictionary<string, long> Counts()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT reason, count FROM rejected_counts ORDER BY reason");
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
