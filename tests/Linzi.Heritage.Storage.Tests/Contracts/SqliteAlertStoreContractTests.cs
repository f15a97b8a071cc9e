using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Storage.Alerts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteAlertStoreContractTests : AlertStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IAlertStore CreateSut() => new SqliteAlertStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
