using Microsoft.Data.Sqlite;

namespace Linzi.Heritage.Storage.Sqlite;

/// <summary>
/// Opens connections to one SQLite file in WAL mode. WAL lets the pipeline's readers run beside the single
/// writer; <c>synchronous=FULL</c> makes a commit durable before we acknowledge anything it holds.
/// Thread-safe: each caller gets its own connection (Microsoft.Data.Sqlite pools them).
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    /// <summary>Prepares the file (creating its folder) and switches it to WAL.</summary>
    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Busy waits: several writers (journal, checkpoints) share a file; SQLite serialises them.
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();

        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    /// <summary>How long a write waits for another connection's write lock before it fails (the connection string's timeout).</summary>
    public const int BusyTimeoutMs = 30_000;

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens a connection with the per-connection settings applied.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // busy_timeout: SQLite's own busy handler retries a locked write after 1, 2, 5, 10… ms. Without it,
        // Microsoft.Data.Sqlite retries after a fixed 150 ms sleep, so a checkpoint save that met the journal's group
        // commit, or an alert commit that met a feed checkpoint, stalled its caller (PUBACKs, alerts) for 150 ms when
        // the lock it waited for was free again after 5 (measured: bench/results/issue-16-pauses.md).
        Execute(connection, $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs};");
        return connection;
    }

    /// <summary>
    /// Opens a connection whose commits skip the fsync (<c>synchronous=NORMAL</c>; WAL keeps the file consistent), for
    /// writes that a power cut may lose without harm because they are redone: a consumer's checkpoint, whose loss
    /// replays a batch the idempotent consumer has handled already. Such a commit holds the file's write lock for
    /// microseconds instead of an fsync, so it does not delay the journal's group commit or an alert commit behind it.
    /// </summary>
    public SqliteConnection OpenForReplayableWrites()
    {
        var connection = Open();
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    /// <summary>
    /// Opens a connection that never checkpoints the WAL itself (<c>wal_autocheckpoint=0</c>), for a writer whose
    /// callers wait on its commits: a checkpoint copies pages into the database file and fsyncs it, tens of
    /// milliseconds that would otherwise fall on whichever commit crossed the threshold. <see cref="Checkpoint"/>
    /// does that work off the writer's path.
    /// </summary>
    public SqliteConnection OpenWithoutAutoCheckpoint()
    {
        var connection = Open();
        Execute(connection, "PRAGMA wal_autocheckpoint=0;");
        return connection;
    }

    /// <summary>
    /// Copies what the WAL holds into the database file without waiting for readers or writers (a passive checkpoint),
    /// so that the WAL restarts from its beginning instead of growing.
    /// </summary>
    public void Checkpoint()
    {
        using var connection = Open();
        Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
    }

    /// <summary>Creates tables and indexes if they are missing (idempotent DDL, run once at start-up).</summary>
    public void EnsureSchema(string ddl)
    {
        using var connection = Open();
        Execute(connection, ddl);
    }

    /// <summary>Adds a column to an existing table unless it is there already (a schema upgrade of an older data directory).</summary>
    public void EnsureColumn(string table, string column, string definition)
    {
        using var connection = Open();
        using (var check = Command(connection, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = @p0", column))
        {
            if ((long)check.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
    }

    /// <summary>Runs statements that return nothing.</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Only constant schema SQL comes here; values always go through parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    /// <summary>Creates a command with parameters named @p0, @p1… bound to the values.</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params object?[] values) =>
        (SqliteCommand)Relational.Sql.Command(connection, sql, values);
}
