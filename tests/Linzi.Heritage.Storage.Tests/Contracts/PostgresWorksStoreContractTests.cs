using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;
using Linzi.Heritage.Storage.Works;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The works contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresWorksStoreContractTests(PostgresRig postgres) : WorksStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override IWorksStore CreateSut() => new PostgresWorksStore(_database);
}
