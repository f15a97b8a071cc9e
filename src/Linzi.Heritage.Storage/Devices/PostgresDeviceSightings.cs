using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Devices;

/// <summary>Sightings in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresDeviceSightings(PostgresDatabase database) : RelationalDeviceSightings
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
