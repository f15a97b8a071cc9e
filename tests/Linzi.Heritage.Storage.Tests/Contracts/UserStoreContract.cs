using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IUserStore"/> must do, from the port's documentation.</summary>
public abstract class UserStoreContract
{
    /// <summary>A user store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IUserStore CreateSut();

    private static readonly User Inspector = new("insp-01", "王网格", Roles.Inspector, "pbkdf2$1$abc");

    private static readonly User Chief = new("chief-li", "李文物长", Roles.Chief, "pbkdf2$1$def");

    // Every field set, with a creation time to the millisecond (what any store can be expected to keep).
    private static readonly User Bureau = new("wang.jg", "王建国", Roles.Bureau, "pbkdf2$1$ghi")
    {
        Phone = "13912345678",
        Disabled = true,
        MustChangePassword = true,
        SecurityStamp = "stamp-1",
        CreatedAt = new DateTimeOffset(2026, 11, 26, 14, 5, 0, 123, TimeSpan.Zero),
    };

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

    [Fact]
    public void TryAdd_ThenFindAfterReopen_KeepsEveryField()
    {
        Assert.True(CreateSut().TryAdd(Bureau));

        Assert.Equal(Bureau, CreateSut().Find(Bureau.Username));
    }

    [Fact]
    public void TryAdd_ExistingUsername_ReturnsFalse_AndChangesNothing()
    {
        var sut = CreateSut();
        sut.TryAdd(Inspector);

        Assert.False(sut.TryAdd(Inspector with { DisplayName = "changed", PasswordHash = "other" }));

        Assert.Equal(Inspector, sut.Find(Inspector.Username));
    }

    [Fact]
    public void List_ReturnsEveryUser_OrderedByUsername()
    {
        var sut = CreateSut();
        sut.AddMissing([Bureau, Inspector, Chief]);

        Assert.Equal(["chief-li", "insp-01", "wang.jg"], sut.List().Select(u => u.Username));
        Assert.Equal(Bureau, sut.List().Single(u => u.Username == Bureau.Username));
    }

    [Fact]
    public void List_Empty_ReturnsNothing()
    {
        Assert.Empty(CreateSut().List());
    }

    [Fact]
    public void TryAddAll_WithOneExistingUsername_ReturnsFalse_AndAddsNoneOfTheBatch()
    {
        var sut = CreateSut();
        sut.TryAdd(Chief);

        Assert.False(sut.TryAddAll([Inspector, Chief with { DisplayName = "again" }]));

        Assert.Null(sut.Find(Inspector.Username));
        Assert.Equal(Chief, sut.Find(Chief.Username));
    }

    [Fact]
    public void TryAddAll_NewUsers_AddsThemAll()
    {
        var sut = CreateSut();

        Assert.True(sut.TryAddAll([Inspector, Chief, Bureau]));

        Assert.Equal(3, CreateSut().List().Count);
    }

    [Fact]
    public void Update_Existing_ReplacesEveryFieldButNameAndCreationTime()
    {
        var sut = CreateSut();
        sut.TryAdd(Bureau);
        var changed = Bureau with
        {
            DisplayName = "王建国 (局)",
            Role = Roles.Chief,
            PasswordHash = "pbkdf2$1$new",
            Phone = null,
            Disabled = false,
            MustChangePassword = false,
            SecurityStamp = "stamp-2",
            CreatedAt = Bureau.CreatedAt!.Value.AddDays(1),
        };

        Assert.True(sut.Update(changed));

        Assert.Equal(changed with { CreatedAt = Bureau.CreatedAt }, CreateSut().Find(Bureau.Username));
    }

    [Fact]
    public void Update_Unknown_ReturnsFalse_AndAddsNothing()
    {
        var sut = CreateSut();

        Assert.False(sut.Update(Inspector));

        Assert.Null(sut.Find(Inspector.Username));
    }
}
