using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Storage.Patrols;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqlitePatrolStoreContractTests : PatrolStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IPatrolStore CreateSut() => new SqlitePatrolStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
