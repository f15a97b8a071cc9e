using System.Security.Cryptography;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Audit;
using Linzi.Heritage.Storage.Integrity;
using Linzi.Heritage.Storage.Postgres;
using Linzi.Heritage.Storage.Tests.Postgres;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>The audit-log contract, unchanged, against a real PostgreSQL.</summary>
public sealed class PostgresAuditLogContractTests(PostgresRig postgres) : AuditLogContract
{
    private readonly PostgresDatabase _database = postgres.CreateMigratedDatabase();
    private readonly IntegrityKey _key = new(RandomNumberGenerator.GetBytes(32));

    protected override IAuditLog CreateSut() => new PostgresAuditLog(_database, _key);
}
