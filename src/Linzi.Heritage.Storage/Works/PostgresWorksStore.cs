using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Works;

/// <summary>Permits, maintenance and drill windows in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresWorksStore(PostgresDatabase database) : RelationalWorksStore
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
