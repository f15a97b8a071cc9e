using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Accounts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

public sealed class SqliteUserStoreContractTests : UserStoreContract, IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    protected override IUserStore CreateSut() => new SqliteUserStore(_data.Files);

    public void Dispose() => _data.Dispose();
}
