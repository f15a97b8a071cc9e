using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Rejections;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteRejectedStoreContractTests : RejectedStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IRejectedStore CreateSut() => new SqliteRejectedStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
