using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Accounts;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The user store contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresUserStoreContractTests(PostgresRig postgres) : UserStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override IUserStore CreateSut() => new PostgresUserStore(_database);
}
