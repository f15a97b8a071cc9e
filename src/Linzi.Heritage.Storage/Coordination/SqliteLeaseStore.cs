using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Coordination;

/// <summary>Leases in the embedded SQLite state file (<see cref="DataFiles.State"/>): instances that share the file.</summary>
public sealed class SqliteLeaseStore : RelationalLeaseStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the table if needed.</summary>
    public SqliteLeaseStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema(
            "CREATE TABLE IF NOT EXISTS leases(name TEXT PRIMARY KEY, owner TEXT NOT NULL, token INTEGER NOT NULL, expires_ms INTEGER NOT NULL);");
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();
}
