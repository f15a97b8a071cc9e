using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Patrols;

/// <summary>Patrols and duties in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresPatrolStore(PostgresDatabase database) : RelationalPatrolStore
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
