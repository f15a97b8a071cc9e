using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Patrols;

/// <summary>Patrols and duties in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqlitePatrolStore : RelationalPatrolStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the tables if needed.</summary>
    public SqlitePatrolStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema(Schema + ReportsSchema);
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();
}
