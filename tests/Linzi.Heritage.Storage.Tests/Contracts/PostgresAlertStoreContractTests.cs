using System.Security.Cryptography;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The alert-store contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresAlertStoreContractTests(PostgresRig postgres) : AlertStoreContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();
    private readonly IntegrityKey _key = new(RandomNumberGenerator.GetBytes(32));

    protected override IAlertStore CreateSut() => new PostgresAlertStore(_database, _key);
}
