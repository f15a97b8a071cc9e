using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// Points InfluxDB refused as malformed, kept as line protocol with the server's reason (the newest 10,000).
/// Thread-safe (a connection per call).
/// </summary>
public sealed class ParkedPointStore
{
    private const int Keep = 10_000;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the schema if needed.</summary>
    public ParkedPointStore(DataFiles files, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _time = time;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS parked_points(
                id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, line TEXT NOT NULL, status INTEGER NOT NULL, error TEXT NOT NULL);
            """);
    }

    /// <summary>Parks a point.</summary>
    public void Park(string lineProtocol, int status, string error)
    {
        using var connection = _database.Open();
        using var insert = SqliteDatabase.Command(
            connection, "INSERT INTO parked_points(at_ms, line, status, error) VALUES (@p0, @p1, @p2, @p3)",
            _time.GetUtcNow().ToUnixTimeMilliseconds(), lineProtocol, status, error);
        insert.ExecuteNonQuery();
        using var trim = SqliteDatabase.Command(connection, "DELETE FROM parked_points WHERE id <= (SELECT MAX(id) FROM parked_points) - @p0", Keep);
        trim.ExecuteNonQuery();
    }

    /// <summary>How many parked points are kept.</summary>
    public long Count()
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM parked_points");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The newest parked points, newest first.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Line, int Status, string Error)> Recent(int limit)
    {
        using var connection = _database.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT at_ms, line, status, error FROM parked_points ORDER BY id DESC LIMIT @p0", limit);
        using var reader = command.ExecuteReader();
        var items = new List<(DateTimeOffset, string, int, string)>();
        while (reader.Read())
        {
            items.Add((DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetInt32(2), reader.GetString(3)));
        }

        return items;
    }
}
