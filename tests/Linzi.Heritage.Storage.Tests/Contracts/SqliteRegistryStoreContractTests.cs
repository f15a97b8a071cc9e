using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Storage.Registry;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteRegistryStoreContractTests : RegistryStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IRegistryStore CreateSut() => new SqliteRegistryStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
