using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Storage.Coordination;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// Single-owner work across instances on one state store: leases taken, kept, lost and handed over, on a fake clock,
/// and the escalation sweep run by two instances (two ledgers, two sweeps, two lease keepers) on one store.
/// </summary>
public sealed class SingleOwnerWorkTests : IDisposable
{
    private static readonly TimeSpan Lease = new CoordinationOptions().LeaseDuration;
    private readonly AlertRig _rig = new();

    [Fact]
    public void Hold_OwnerCrashes_AnotherInstanceTakesOverAfterTheLease_WithAHigherToken()
    {
        var a = Keeper("instance-a");
        var b = Keeper("instance-b");

        var first = a.Hold("work");
        Assert.NotNull(first);
        Assert.Null(b.Hold("work"));

        _rig.Time.Advance(Lease - TimeSpan.FromSeconds(1)); // a is gone and renews nothing
        Assert.Null(b.Hold("work"));
        _rig.Time.Advance(TimeSpan.FromSeconds(1));
        var taken = b.Hold("work");

        Assert.NotNull(taken);
        Assert.Equal(first.Token + 1, taken.Token);
        Assert.Null(a.Hold("work")); // the old owner, back, finds it lost
    }

    [Fact]
    public void Hold_ByTheOwner_RenewsOnlyOnceHalfTheLeaseHasRun()
    {
        var a = Keeper("instance-a");
        var first = a.Hold("work")!;

        _rig.Time.Advance(Lease / 2 - TimeSpan.FromSeconds(1));
        var cached = a.Hold("work");
        var storedBefore = new SqliteLeaseStore(_rig.Files).Find("work")!;
        _rig.Time.Advance(TimeSpan.FromSeconds(2));
        var renewed = a.Hold("work")!;

        Assert.Same(first, cached);
        Assert.Equal(first.ExpiresAt, storedBefore.ExpiresAt);
        Assert.Equal((first.Token, _rig.Time.GetUtcNow() + Lease), (renewed.Token, renewed.ExpiresAt));
        Assert.Equal(renewed.ExpiresAt, new SqliteLeaseStore(_rig.Files).Find("work")!.ExpiresAt);
    }

    [Fact]
    public async Task Stopping_TakesNoMoreLeases_AndStoppedReleasesThem_SoAnotherInstanceTakesThemAtOnce()
    {
        var a = Keeper("instance-a");
        var b = Keeper("instance-b");
        Assert.True(a.Holds("work"));

        await a.StoppingAsync(TestContext.Current.CancellationToken);
        Assert.False(a.Holds("other work")); // its last rounds may finish; no new work starts on a stopping instance
        Assert.False(b.Holds("work"));       // still held until every service has stopped
        await a.StoppedAsync(TestContext.Current.CancellationToken);

        Assert.True(b.Holds("work"));
    }

    [Fact]
    public void RenewHeld_KeepsALeaseWithItsOwner_ThoughItsWorkRunsLessOftenThanTheLeaseLasts()
    {
        var a = Keeper("instance-a");
        var b = Keeper("instance-b");
        var first = a.Hold("hourly work")!;

        for (var step = 0; step < 12; step++) // a minute and a half, in the keeper's own timer steps
        {
            _rig.Time.Advance(Lease / 3);
            Assert.Equal(1, a.RenewHeld());
            Assert.Null(b.Hold("hourly work"));
        }

        Assert.Equal(first.Token, a.Hold("hourly work")!.Token);
    }

    [Fact]
    public async Task EscalationSweep_TwoInstances_EscalatesOnce_AndTheSecondTakesOverWhenTheOwnerDies()
    {
        using var ledgerB = new AlertLedger(_rig.Store, _rig.Store, _rig.Time);
        var sweepA = _rig.Escalation; // instance a: the rig's ledger and keeper
        var sweepB = new EscalationMonitor(
            ledgerB, _rig.Registry, _rig.Time, Options.Create(new EscalationOptions()), Keeper("instance-b"), NullLogger<EscalationMonitor>.Instance);
        await _rig.RaiseAsync("hp-vib-01");                       // orange: 15 minutes to acknowledge at each level

        _rig.Time.Advance(TimeSpan.FromMinutes(15));
        var ranA = await sweepA.RunRoundAsync(TestContext.Current.CancellationToken);
        var ranB = await sweepB.RunRoundAsync(TestContext.Current.CancellationToken);
        Assert.Equal((true, false), (ranA, ranB));
        Assert.Equal(1, Escalations());

        // Instance a dies. Its lease runs out; b's next round takes the work and the next level is escalated, once.
        _rig.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.True(await sweepB.RunRoundAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, Escalations());

        // A paused round of a, past its lease check before it froze, wakes up: its ledger decided on stale state, the
        // store refuses the commit, and decided again on fresh state nothing is due.
        var late = await sweepA.CheckAsync();
        Assert.Equal(0, late);
        Assert.Equal(2, Escalations());
        Assert.Equal(1, _rig.Ledger.Conflicts);
        sweepB.Dispose();
    }

    public void Dispose() => _rig.Dispose();

    private int Escalations() => _rig.Store.Events(_rig.StoredAlertOf("hp-vib-01").Id).Count(e => e.Type == "escalated");

    private LeaseKeeper Keeper(string instance) => new(
        new SqliteLeaseStore(_rig.Files), _rig.Time, Options.Create(new CoordinationOptions { InstanceId = instance }), NullLogger<LeaseKeeper>.Instance);
}
