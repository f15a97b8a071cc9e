using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Storage.Coordination;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteLeaseStoreContractTests : LeaseStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override ILeaseStore CreateSut() => new SqliteLeaseStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
