using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Storage.Coordination;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>The base every feed consumer shares: where it starts, what it saves, and what it re-delivers.</summary>
public sealed class AlertFeedConsumerTests : IDisposable
{
    private readonly AlertRig _rig = new();

    private RecordingFeedConsumer CreateSut(bool persistent = true) => new(_rig.Store, _rig.Ledger, _rig.Time, _rig.Leases, persistent: persistent);

    [Fact]
    public async Task RunOnceAsync_PersistentConsumerOnTwoInstances_RunsOnTheLeaseHolder_AndRereadsTheCheckpointWhenItRegainsIt()
    {
        var keeperB = new LeaseKeeper(
            new SqliteLeaseStore(_rig.Files), _rig.Time, Options.Create(new CoordinationOptions { InstanceId = "b" }), NullLogger<LeaseKeeper>.Instance);
        var onA = CreateSut();
        var onB = new RecordingFeedConsumer(_rig.Store, _rig.Ledger, _rig.Time, keeperB);
        await _rig.RaiseAsync("hp-vib-01");
        Assert.Equal((1, 0), (await onA.RunOnceAsync(TestContext.Current.CancellationToken), await onB.RunOnceAsync(TestContext.Current.CancellationToken)));

        // a stops renewing; b takes the consumer over and handles two more changes.
        _rig.Time.Advance(new CoordinationOptions().LeaseDuration);
        await _rig.RaiseAsync("hp-vib-02");
        await _rig.RaiseAsync("hp-vib-03");
        Assert.Equal(2, await onB.RunOnceAsync(TestContext.Current.CancellationToken));

        // Now b is gone and a, back, takes the lease again without having seen it lost: it starts after b's checkpoint.
        _rig.Time.Advance(new CoordinationOptions().LeaseDuration);
        await _rig.RaiseAsync("hp-vib-04");
        Assert.Equal(1, await onA.RunOnceAsync(TestContext.Current.CancellationToken));
        Assert.Equal([[1L], [4L]], onA.Batches);
        Assert.Equal([[2L, 3L]], onB.Batches);
    }

    [Fact]
    public async Task RunOnceAsync_RecreatedPersistentConsumer_ResumesFromItsSavedCheckpoint()
    {
        await _rig.RaiseAsync("hp-vib-01");
        await _rig.RaiseAsync("hp-vib-02");
        var first = CreateSut();
        var handledBefore = await first.RunOnceAsync(TestContext.Current.CancellationToken);

        await _rig.RaiseAsync("hp-vib-03");
        await _rig.Actions.AcknowledgeAsync("A000001", "inspector-03", null);
        var restarted = CreateSut(); // a new instance is a restart: it knows only what the feed keeps
        var handledAfter = await restarted.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal((2, 2), (handledBefore, handledAfter));
        Assert.Equal([3L, 4L], Assert.Single(restarted.Batches));
        Assert.Equal((4L, 4L), (_rig.Store.Checkpoint("recording"), restarted.Position));
        Assert.Equal(0, await restarted.RunOnceAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunOnceAsync_ProcessThrows_KeepsTheCheckpoint_AndTheNextRoundRedeliversTheSameChanges()
    {
        await _rig.RaiseAsync("hp-vib-01");
        var consumer = CreateSut();
        await consumer.RunOnceAsync(TestContext.Current.CancellationToken);
        await _rig.RaiseAsync("hp-vib-02");
        await _rig.RaiseAsync("hp-vib-03");

        consumer.FailNextRound();
        await Assert.ThrowsAsync<InvalidOperationException>(() => consumer.RunOnceAsync(TestContext.Current.CancellationToken));
        var checkpointAfterFailure = (_rig.Store.Checkpoint("recording"), consumer.Position);
        await consumer.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1L, 1L), checkpointAfterFailure);
        Assert.Equal([[1L], [2L, 3L], [2L, 3L]], consumer.Batches);
        Assert.Equal(3L, _rig.Store.Checkpoint("recording"));
    }

    [Fact]
    public async Task RunOnceAsync_ProcessThrowsThenRestart_RedeliversFromTheSavedCheckpoint()
    {
        await _rig.RaiseAsync("hp-vib-01");
        var crashed = CreateSut();
        crashed.FailNextRound();
        await Assert.ThrowsAsync<InvalidOperationException>(() => crashed.RunOnceAsync(TestContext.Current.CancellationToken));

        var restarted = CreateSut();
        await restarted.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal([1L], Assert.Single(restarted.Batches));
    }

    [Fact]
    public async Task RunOnceAsync_NonPersistentConsumer_StartsAtTheHead_AndSavesNoCheckpoint()
    {
        await _rig.RaiseAsync("hp-vib-01");
        await _rig.RaiseAsync("hp-vib-02");
        var consumer = CreateSut(persistent: false);

        var atStart = await consumer.RunOnceAsync(TestContext.Current.CancellationToken);
        await _rig.RaiseAsync("hp-vib-03");
        var afterRaise = await consumer.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal((0, 1), (atStart, afterRaise));
        Assert.Equal([3L], Assert.Single(consumer.Batches));
        Assert.Equal(0L, _rig.Store.Checkpoint("recording"));
    }

    public void Dispose() => _rig.Dispose();
}
