using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Audit;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteAuditLogContractTests : AuditLogContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IAuditLog CreateSut() => new SqliteAuditLog(_data.Files);

    public void Dispose() => _data.Dispose();
}
