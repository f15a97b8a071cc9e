using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Storage.Alerts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteAlertFeedContractTests : AlertFeedContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IAlertStore CreateStore() => new SqliteAlertStore(_data.Files);

    protected override IAlertFeed CreateSut() => new SqliteAlertStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
