using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Storage.Outbox;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteOutboxContractTests : OutboxContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IOutbox CreateSut() => new SqliteOutbox(_data.Files);

    public void Dispose() => _data.Dispose();
}
