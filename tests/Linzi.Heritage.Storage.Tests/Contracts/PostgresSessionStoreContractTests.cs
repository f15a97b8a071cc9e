using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Accounts;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The session store contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresSessionStoreContractTests(PostgresRig postgres) : SessionStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override ISessionStore CreateSut() => new PostgresSessionStore(_database);
}
