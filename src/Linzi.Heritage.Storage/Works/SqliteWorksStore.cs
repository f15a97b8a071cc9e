using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Works;

/// <summary>Permits, maintenance and drill windows in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqliteWorksStore : RelationalWorksStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteWorksStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS works(kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(kind, id));
            CREATE TABLE IF NOT EXISTS works_hits(id TEXT PRIMARY KEY, count INTEGER NOT NULL, last_at_ms INTEGER NOT NULL);
            """);
        KeyKindsApart();
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();

    /// <summary>
    /// Data directories from before issue 15 keyed <c>works</c> by id alone, so saving a maintenance window under a
    /// permit's id replaced the permit. Rebuilds such a table keyed by (kind, id), keeping every row.
    /// </summary>
    private void KeyKindsApart()
    {
        using var connection = _database.Open();
        using (var check = SqliteDatabase.Command(connection, "SELECT pk FROM pragma_table_info('works') WHERE name = 'kind'"))
        {
            if ((long)check.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        using var transaction = connection.BeginTransaction();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE works_by_kind(kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(kind, id));
            INSERT INTO works_by_kind(kind, id, body) SELECT kind, id, body FROM works;
            DROP TABLE works;
            ALTER TABLE works_by_kind RENAME TO works;
            """);
        transaction.Commit();
    }
}
