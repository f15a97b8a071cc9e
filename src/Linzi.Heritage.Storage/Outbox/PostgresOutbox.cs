using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Outbox;

/// <summary>The notification outbox in PostgreSQL, shared by every instance (<see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresOutbox(PostgresDatabase database) : RelationalOutbox
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
