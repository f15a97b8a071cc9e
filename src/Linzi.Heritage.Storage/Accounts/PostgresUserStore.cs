using System.Data.Common;
using Linzi.Heritage.Storage.Postgres;
using Npgsql;

namespace Linzi.Heritage.Storage.Accounts;

/// <summary>The users in PostgreSQL, shared by every instance; the table comes from <see cref="PostgresMigrations"/>.</summary>
public sealed class PostgresUserStore(PostgresDatabase database) : RelationalUserStore
{
    /// <inheritdoc />
    protected override DbConnection Open() => database.Open();

    /// <inheritdoc />
    protected override bool IsDuplicateKey(DbException error) => error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
