using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Storage.Outbox;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The outbox contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresOutboxContractTests(PostgresRig postgres) : OutboxContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();

    protected override IOutbox CreateSut() => new PostgresOutbox(_database);
}
