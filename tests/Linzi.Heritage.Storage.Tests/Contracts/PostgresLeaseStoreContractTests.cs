using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Storage.Coordination;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The lease contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresLeaseStoreContractTests(PostgresRig postgres) : LeaseStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override ILeaseStore CreateSut() => new PostgresLeaseStore(_database);
}
