using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="ISessionStore"/> must do, from the port's documentation.</summary>
public abstract class SessionStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A session store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract ISessionStore CreateSut();

    private static AuthSession Session(string id, TimeSpan? lifetime = null) =>
        new(id, "insp-01", "stamp-1", Start, Start + (lifetime ?? TimeSpan.FromDays(7)));

    [Fact]
    public void Add_ThenFindAfterReopen_ByIdAndByToken()
    {
        CreateSut().Add(Session("s1"), "hash-1");

        var store = CreateSut();
        Assert.Equal(Session("s1"), store.Find("s1"));
        Assert.Equal(Session("s1"), store.FindByRefresh("hash-1"));
        Assert.Null(store.Find("s2"));
        Assert.Null(store.FindByRefresh("hash-2"));
    }

    [Fact]
    public void Rotate_TheCurrentToken_SpendsIt_AndTheNextOneRotatesInTurn()
    {
        var store = CreateSut();
        store.Add(Session("s1"), "hash-1");

        Assert.Equal((RefreshOutcome.Rotated, Session("s1")), store.Rotate("hash-1", "hash-2", Start.AddHours(1)));
        Assert.Equal((RefreshOutcome.Rotated, Session("s1")), store.Rotate("hash-2", "hash-3", Start.AddHours(2)));
        Assert.Equal(Session("s1"), store.FindByRefresh("hash-1")); // Spent tokens stay known, to tell a reuse from a guess.
    }

    [Fact]
    public void Rotate_ASpentToken_EndsTheSession_AndItsCurrentTokenNoLongerWorks()
    {
        var store = CreateSut();
        store.Add(Session("s1"), "hash-1");
        store.Rotate("hash-1", "hash-2", Start.AddHours(1));

        var reuse = store.Rotate("hash-1", "hash-x", Start.AddHours(2));

        Assert.Equal(RefreshOutcome.Reused, reuse.Outcome);
        Assert.Equal(Start.AddHours(2), reuse.Session?.EndedAt);
        Assert.Equal(Start.AddHours(2), store.Find("s1")?.EndedAt);
        Assert.Equal(RefreshOutcome.Ended, store.Rotate("hash-2", "hash-y", Start.AddHours(3)).Outcome);
        Assert.Null(store.FindByRefresh("hash-x"));
    }

    [Fact]
    public void Rotate_AnUnknownToken_OrOfAnEndedOrExpiredSession_RotatesNothing()
    {
        var store = CreateSut();
        store.Add(Session("s1"), "hash-1");
        store.Add(Session("s2", TimeSpan.FromHours(1)), "hash-2");
        Assert.True(store.End("s1", Start.AddMinutes(5)));

        Assert.Equal((RefreshOutcome.Unknown, (AuthSession?)null), store.Rotate("guess", "hash-x", Start.AddMinutes(10)));
        Assert.Equal(RefreshOutcome.Ended, store.Rotate("hash-1", "hash-x", Start.AddMinutes(10)).Outcome);
        Assert.Equal(RefreshOutcome.Ended, store.Rotate("hash-2", "hash-y", Start.AddHours(2)).Outcome);
        Assert.Null(store.FindByRefresh("hash-x"));
        Assert.Null(store.FindByRefresh("hash-y"));
    }

    [Fact]
    public async Task Rotate_OneTokenPresentedTwiceAtOnce_RotatesOnce_AndTheOtherIsAReuse()
    {
        var store = CreateSut();
        store.Add(Session("s1"), "hash-1");
        using var start = new Barrier(2);

        var outcomes = await Task.WhenAll(new[] { "next-a", "next-b" }.Select(next => Task.Run(
            () =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return store.Rotate("hash-1", next, Start.AddHours(1)).Outcome;
            },
            TestContext.Current.CancellationToken)));

        // Atomic: had both read the token as current, both would have rotated and two token chains would stand.
        Assert.Equal([RefreshOutcome.Rotated, RefreshOutcome.Reused], outcomes.Order());
        Assert.NotNull(store.Find("s1")?.EndedAt);
    }

    [Fact]
    public void End_EndsOnce()
    {
        var store = CreateSut();
        store.Add(Session("s1"), "hash-1");

        Assert.True(store.End("s1", Start.AddHours(1)));
        Assert.False(store.End("s1", Start.AddHours(2)));
        Assert.False(store.End("nobody", Start.AddHours(2)));
        Assert.Equal(Start.AddHours(1), CreateSut().Find("s1")?.EndedAt);
    }

    [Fact]
    public void Purge_DeletesSessionsThatExpiredOrEndedBefore_WithTheirTokens()
    {
        var store = CreateSut();
        store.Add(Session("expired", TimeSpan.FromHours(1)), "hash-1");
        store.Add(Session("ended"), "hash-2");
        store.Add(Session("standing"), "hash-3");
        store.End("ended", Start.AddHours(2));

        Assert.Equal(2, store.Purge(Start.AddHours(3)));

        Assert.Null(store.Find("expired"));
        Assert.Null(store.FindByRefresh("hash-2"));
        Assert.Equal(Session("standing"), store.Find("standing"));
        Assert.Equal(RefreshOutcome.Unknown, store.Rotate("hash-1", "hash-x", Start.AddHours(4)).Outcome);
    }
}
