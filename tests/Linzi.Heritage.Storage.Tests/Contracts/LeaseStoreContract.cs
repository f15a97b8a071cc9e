using Linzi.Heritage.Domain.Coordination;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="ILeaseStore"/> must do, from the port's documentation.</summary>
public abstract class LeaseStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Term = TimeSpan.FromSeconds(30);

    /// <summary>A lease store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract ILeaseStore CreateSut();

    [Fact]
    public void TryAcquire_AFreeLease_TakesItWithTheFirstToken_AndKeepsOthersOut()
    {
        var sut = CreateSut();

        Assert.Equal(new Lease("escalation", "instance-1", 1, T0 + Term), sut.TryAcquire("escalation", "instance-1", T0, Term));
        Assert.Null(sut.TryAcquire("escalation", "instance-2", T0.AddSeconds(29), Term));
        Assert.Equal(new Lease("escalation", "instance-1", 1, T0 + Term), CreateSut().Find("escalation"));
        Assert.Null(sut.Find("outbox"));
    }

    [Fact]
    public void TryAcquire_ByTheHolder_RenewsIt_KeepingTheToken()
    {
        var sut = CreateSut();
        sut.TryAcquire("outbox", "instance-1", T0, Term);

        Assert.Equal(new Lease("outbox", "instance-1", 1, T0.AddSeconds(10) + Term), sut.TryAcquire("outbox", "instance-1", T0.AddSeconds(10), Term));
    }

    [Fact]
    public void AnExpiredLease_PassesToTheNextOwner_WithAHigherToken_AndTheOldOwnerCannotRenewIt()
    {
        var sut = CreateSut();
        var first = sut.TryAcquire("escalation", "instance-1", T0, Term)!;

        var second = sut.TryAcquire("escalation", "instance-2", T0 + Term, Term);

        Assert.Equal(new Lease("escalation", "instance-2", 2, T0 + Term + Term), second);
        Assert.Null(sut.Renew(first, T0 + Term, Term)); // The paused old owner learns it must stop.
        Assert.Null(sut.TryAcquire("escalation", "instance-1", T0 + Term, Term));
        Assert.Equal("instance-2", sut.Find("escalation")?.Owner);
    }

    [Fact]
    public void Renew_BeforeExpiry_ExtendsIt_AndAfterExpiry_Fails()
    {
        var sut = CreateSut();
        var lease = sut.TryAcquire("retention", "instance-1", T0, Term)!;

        var renewed = sut.Renew(lease, T0.AddSeconds(20), Term);
        Assert.Equal(lease with { ExpiresAt = T0.AddSeconds(20) + Term }, renewed);
        Assert.Null(sut.Renew(renewed!, T0.AddSeconds(20) + Term, Term));
    }

    [Fact]
    public void Release_FreesItAtOnce_AndTheTokenStillRises()
    {
        var sut = CreateSut();
        var first = sut.TryAcquire("outbox", "instance-1", T0, Term)!;

        sut.Release(first);

        Assert.Equal(2, sut.TryAcquire("outbox", "instance-2", T0.AddSeconds(1), Term)?.Token);
        sut.Release(first); // A stale release changes nothing.
        Assert.Null(sut.TryAcquire("outbox", "instance-3", T0.AddSeconds(2), Term));
    }

    [Fact]
    public void TheHolderTakingItAgainAfterExpiry_GetsANewToken()
    {
        var sut = CreateSut();
        sut.TryAcquire("snapshots", "instance-1", T0, Term);

        // It may have been paused past its term: work fenced with the old token must not pass as current.
        Assert.Equal(2, sut.TryAcquire("snapshots", "instance-1", T0 + Term, Term)?.Token);
    }

    [Fact]
    public async Task TryAcquire_ByFourInstancesAtOnce_GivesItToOne()
    {
        for (var round = 0; round < 10; round++)
        {
            var name = $"sweep-{round}";
            using var start = new Barrier(4);
            var taken = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(
                () =>
                {
                    var store = CreateSut(); // Each instance its own store over the shared storage.
                    start.SignalAndWait(TestContext.Current.CancellationToken);
                    return store.TryAcquire(name, $"instance-{i}", T0, Term);
                },
                TestContext.Current.CancellationToken)));

            var winner = Assert.Single(taken, lease => lease is not null);
            Assert.Equal(1, winner!.Token);
            Assert.Equal(winner.Owner, CreateSut().Find(name)?.Owner);
        }
    }
}
