using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Accounts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteSessionStoreContractTests : SessionStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override ISessionStore CreateSut() => new SqliteSessionStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
