using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Coordination;

/// <summary>Leases in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresLeaseStore(PostgresDatabase database) : RelationalLeaseStore
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
