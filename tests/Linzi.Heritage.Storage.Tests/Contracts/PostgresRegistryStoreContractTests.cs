using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Registry;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The registry contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresRegistryStoreContractTests(PostgresRig postgres) : RegistryStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override IRegistryStore CreateSut() => new PostgresRegistryStore(_database);
}
