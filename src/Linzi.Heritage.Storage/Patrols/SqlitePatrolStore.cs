using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Patrols;

/// <summary>Patrols and duties in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqlitePatrolStore : RelationalPatrolStore
{
    private static readonly string OneRunning = OneRunningSchema("""
        json_set(p.body, '$.EndedAt', strftime('%Y-%m-%dT%H:%M:%fZ', n.started_ms / 1000.0, 'unixepoch'))
        """);

    private readonly SqliteDatabase _database;

    /// <summary>Creates the tables if needed, and makes an older file's running-patrol index unique.</summary>
    public SqlitePatrolStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema(Schema + ReportsSchema);
        EnsureOneRunning(_database);
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();

    // Schema's IF NOT EXISTS leaves the non-unique patrols_running of a file made before (or just now by Schema) as it is:
    // replace it once, under the write lock (BEGIN IMMEDIATE), all or none, so two stores opening the file take turns.
    private static void EnsureOneRunning(SqliteDatabase database)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using (var unique = SqliteDatabase.Command(
            connection, "SELECT COUNT(*) FROM pragma_index_list('patrols') WHERE name = 'patrols_running' AND \"unique\" = 1"))
        {
            if ((long)unique.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        SqliteDatabase.Execute(connection, OneRunning);
        transaction.Commit();
    }
}
