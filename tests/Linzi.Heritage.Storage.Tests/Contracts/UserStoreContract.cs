using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IUserStore"/> must do, from the port's documentation.</summary>
public abstract class UserStoreContract
{
    /// <summary>A user store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IUserStore CreateSut();

    private static readonly User Inspector = new("insp-01", "王网格", Roles.Inspector, "pbkdf2$1$abc");

    private static readonly User Chief = new("chief-li", "李文物长", Roles.Chief, "pbkdf2$1$def");

    [Fact]
    public void Find_Unknown_ReturnsNull()
    {
        Assert.Null(CreateSut().Find("nobody"));
    }

    [Fact]
    public void AddMissing_ThenFindAfterReopen_ReturnsEachUser()
    {
        CreateSut().AddMissing([Inspector, Chief]);

        var sut = CreateSut();

        Assert.Equal(Inspector, sut.Find(Inspector.Username));
        Assert.Equal(Chief, sut.Find(Chief.Username));
    }

    [Fact]
    public void AddMissing_ExistingUsers_AreLeftAlone()
    {
        var sut = CreateSut();
        sut.AddMissing([Inspector]);

        sut.AddMissing([Inspector with { DisplayName = "changed", Role = Roles.Bureau, PasswordHash = "other" }, Chief]);

        Assert.Equal(Inspector, sut.Find(Inspector.Username));
        Assert.Equal(Chief, sut.Find(Chief.Username));
    }

    [Fact]
    public void AddMissing_Nothing_ChangesNothing()
    {
        var sut = CreateSut();

        sut.AddMissing([]);

        Assert.Null(sut.Find(Inspector.Username));
    }

    [Fact]
    public void AddMissing_WithAUserThatCannotBeStored_Throws_AndAddsNoneOfTheBatch()
    {
        var sut = CreateSut();
        var broken = new User("broken", "没有密码", Roles.Inspector, null!); // No store can keep an account without its hash.

        Assert.ThrowsAny<Exception>(() => sut.AddMissing([Chief, broken]));

        Assert.Null(sut.Find(Chief.Username));
        Assert.Null(sut.Find("broken"));
    }
}
