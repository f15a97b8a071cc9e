using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Storage.Works;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteWorksStoreContractTests : WorksStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IWorksStore CreateSut() => new SqliteWorksStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
