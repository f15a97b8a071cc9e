using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>
/// Each journal consumer's position, in <see cref="DataFiles.Checkpoints"/>: a file of its own, so that a save never
/// waits for the journal's write lock. Thread-safe (a connection per call).
/// </summary>
public sealed class SqliteCheckpointStore : ICheckpointStore
{
    private readonly DataFiles _files;

    /// <summary>Creates the table if needed.</summary>
    public SqliteCheckpointStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = files;
        EnsureSchema(files);
    }

    /// <summary>
    /// Creates the table if needed. Data directories from before the checkpoints had their own file kept them in the
    /// journal's file: they are copied over once, so no consumer starts again from the beginning.
    /// </summary>
    public static void EnsureSchema(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        const string Table = "CREATE TABLE IF NOT EXISTS checkpoints(consumer TEXT PRIMARY KEY, position INTEGER NOT NULL);";
        files.Checkpoints.EnsureSchema(Table);
        using var connection = files.Checkpoints.Open();
        using (var any = SqliteDatabase.Command(connection, "SELECT COUNT(*) FROM checkpoints"))
        {
            if ((long)any.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        using var journal = files.Journal.Open();
        using (var before = SqliteDatabase.Command(journal, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'"))
        {
            if ((long)before.ExecuteScalar()! == 0)
            {
                return;
            }
        }

        using var old = SqliteDatabase.Command(journal, "SELECT consumer, position FROM checkpoints");
        using var reader = old.ExecuteReader();
        while (reader.Read())
        {
            using var copy = SqliteDatabase.Command(
                connection, "INSERT OR IGNORE INTO checkpoints(consumer, position) VALUES (@p0, @p1)", reader.GetString(0), reader.GetInt64(1));
            copy.ExecuteNonQuery();
        }
    }

    /// <summary>The consumer's last processed position, or 0.</summary>
    public long Get(string consumer)
    {
        using var connection = _files.Checkpoints.Open();
        using var command = SqliteDatabase.Command(connection, "SELECT position FROM checkpoints WHERE consumer = @p0", consumer);
        return command.ExecuteScalar() is long position ? position : 0;
    }

    /// <summary>Records that the consumer has processed everything up to <paramref name="position"/>.</summary>
    public void Save(string consumer, long position)
    {
        using var connection = _files.Checkpoints.OpenForReplayableWrites();
        using var command = SqliteDatabase.Command(
            connection,
            "INSERT INTO checkpoints(consumer, position) VALUES (@p0, @p1) ON CONFLICT(consumer) DO UPDATE SET position = excluded.position",
            consumer, position);
        command.ExecuteNonQuery();
    }
}
