using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Registry;

/// <summary>The registry in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqliteRegistryStore : RegistryDocumentStore
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the schema if needed.</summary>
    public SqliteRegistryStore(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema("""
            CREATE TABLE IF NOT EXISTS registry(kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(kind, id));
            CREATE TABLE IF NOT EXISTS device_credentials(device_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL);
            """);
        // Rotation (issue 14) keeps the previous secret for a grace period; older data directories lack the columns.
        _database.EnsureColumn("device_credentials", "previous_hash", "TEXT");
        _database.EnsureColumn("device_credentials", "previous_valid_until", "TEXT");
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();
}
