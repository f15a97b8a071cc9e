using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Storage.Accounts;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Tests.Contracts;

namespace Linzi.Heritage.Storage.Tests.Accounts;

/// <summary>A data directory from before administration keeps its accounts, which read as enabled and unforced.</summary>
public sealed class SqliteUserStoreMigrationTests : IDisposable
{
    private readonly SqliteDataDirectory _data = new();

    [Fact]
    public void Open_OnTheOldUsersTable_AddsTheColumns_AndKeepsTheAccounts()
    {
        var files = _data.Files;
        files.State.EnsureSchema("""
            CREATE TABLE users(username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL);
            INSERT INTO users VALUES ('bureau', '文物局', 'bureau', 'pbkdf2$old');
            """);

        var sut = new SqliteUserStore(_data.Files);

        Assert.Equal(new User("bureau", "文物局", Roles.Bureau, "pbkdf2$old"), sut.Find("bureau"));
        Assert.True(sut.Update(sut.Find("bureau")! with { Disabled = true, SecurityStamp = "s" }));
        Assert.True(new SqliteUserStore(_data.Files).Find("bureau")!.Disabled); // and opening it again is harmless
    }

    public void Dispose() => _data.Dispose();
}
