using Linzi.Heritage.Server.Alerts.Feed;
using Microsoft.Extensions.Logging.Abstractions;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>Pruning the feed: only what every persistent consumer has handled, and only once it is a day old.</summary>
public sealed class AlertFeedRetentionTests : IDisposable
{
    private readonly AlertRig _rig = new();

    private AlertFeedRetention CreateSut(params AlertFeedConsumer[] consumers) =>
        new(_rig.Store, consumers, _rig.Time, _rig.Leases, NullLogger<AlertFeedRetention>.Instance);

    private RecordingFeedConsumer Consumer(string name, bool persistent = true) => new(_rig.Store, _rig.Ledger, _rig.Time, _rig.Leases, name, persistent);

    private IReadOnlyList<long> Positions() => [.. _rig.Feed().Select(c => c.Position)];

    [Fact]
    public async Task PruneOnce_DeletesOnlyEntriesEveryPersistentConsumerHasPassed_AndOlderThanADay()
    {
        var (outbox, chart, live) = (Consumer("outbox"), Consumer("chart-copy"), Consumer("live", persistent: false));
        var sut = CreateSut(outbox, chart, live); // live never runs: it does not hold the feed back
        await _rig.RaiseAsync("hp-vib-01");
        await chart.RunOnceAsync(TestContext.Current.CancellationToken);  // chart-copy at 1
        await _rig.RaiseAsync("hp-vib-02");
        await _rig.RaiseAsync("hp-vib-03");
        await outbox.RunOnceAsync(TestContext.Current.CancellationToken); // outbox at 3
        var whileYoung = sut.PruneOnce();

        _rig.Time.Advance(AlertFeedRetention.KeepHandled + TimeSpan.FromSeconds(1));
        await _rig.RaiseAsync("hp-vib-04");
        await outbox.RunOnceAsync(TestContext.Current.CancellationToken); // outbox at 4
        var pastChart = sut.PruneOnce();
        var left = Positions();
        await chart.RunOnceAsync(TestContext.Current.CancellationToken);  // chart-copy at 4
        var bothPassed = sut.PruneOnce();

        Assert.Equal((0, 1, 2), (whileYoung, pastChart, bothPassed));
        Assert.Equal([2L, 3L, 4L], left);
        Assert.Equal([4L], Positions()); // handled by all, but younger than a day
        _rig.Time.Advance(AlertFeedRetention.KeepHandled);
        Assert.Equal(0, sut.PruneOnce()); // exactly a day old stays
        _rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, sut.PruneOnce());
        Assert.Empty(Positions());
    }

    [Fact]
    public async Task PruneOnce_PersistentConsumerThatNeverRan_KeepsEverything()
    {
        var outbox = Consumer("outbox");
        await _rig.RaiseAsync("hp-vib-01");
        await outbox.RunOnceAsync(TestContext.Current.CancellationToken);
        _rig.Time.Advance(TimeSpan.FromDays(2));

        var pruned = CreateSut(outbox, Consumer("chart-copy")).PruneOnce();

        Assert.Equal(0, pruned);
        Assert.Equal([1L], Positions());
    }

    [Fact]
    public async Task PruneOnce_NoPersistentConsumer_PrunesEverythingOlderThanADay()
    {
        await _rig.RaiseAsync("hp-vib-01");
        await _rig.RaiseAsync("hp-vib-02");
        _rig.Time.Advance(TimeSpan.FromDays(2));
        await _rig.RaiseAsync("hp-vib-03");

        var pruned = CreateSut(Consumer("live", persistent: false)).PruneOnce();

        Assert.Equal(2, pruned);
        Assert.Equal([3L], Positions());
    }

    public void Dispose() => _rig.Dispose();
}
