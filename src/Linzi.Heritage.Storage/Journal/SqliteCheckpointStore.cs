using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>Each journal consumer's position, kept beside the journal. Thread-safe (a connection per call).</summary>
public sealed class SqliteCheckpointStore : ICheckpointStore
{
    private readonly DataFiles _files;

    /// <summary>Creates the table if needed.</summary>
    public SqliteCheckpointStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
        files.Journal.EnsureSchema("CREATE TABLE IF NOT EXISTS checkpoints(consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);");
    }

    /// <summary>The consumer's last processed position, or 0.</summary>
    public long Get(string consumer)
    {
        using var connection = _files.Journal.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT position FROM checkpoints WHERE consumer = @p0", consumer);
        return command.ExecuteScalar() is long position ? position : 0;
    }

    /// <summary>Records that the consumer has processed everything up to <paramref name="position"/>.</summary>
    public void Save(string consumer, long position)
    {
        using var connection = _files.Journal.OpenForReplayableWrites();
        using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO checkpoints(consumer, position) VALUES (@p0, @p1) ON CONFLICT(consumer) DO UPDATE SET position = excluded.position",
            consumer, position);
        command.ExecuteNonQuery();
    }
}
