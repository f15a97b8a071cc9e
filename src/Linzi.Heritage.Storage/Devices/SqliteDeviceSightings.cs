using System.Data.Common;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Storage.Devices;

/// <summary>Sightings in the embedded SQLite state file (<see cref="DataFiles.State"/>).</summary>
public sealed class SqliteDeviceSightings : RelationalDeviceSightings
{
    private readonly SqliteDatabase _database;

    /// <summary>Creates the table if needed.</summary>
    public SqliteDeviceSightings(DataFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _database = files.State;
        _database.EnsureSchema(Schema);
    }

    /// <inheritdoc />
    protected override DbConnection Open() => _database.Open();
}
