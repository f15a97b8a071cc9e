using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Storage.Patrols;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The patrol contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresPatrolStoreContractTests(PostgresRig postgres) : PatrolStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override IPatrolStore CreateSut() => new PostgresPatrolStore(_database);
}
