using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>The sign-in sessions in PostgreSQL, shared by every instance; the tables come from <see cref="PostgresMigrations"/>.</summary>
public sealed class PostgresSessionStore(PostgresDatabase database) : RelationalSessionStore
{
    /// <inheritdoc />
    protected override string LockTokenRow => " FOR UPDATE OF t";

    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();
}
