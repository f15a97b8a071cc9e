using Linzi.Heritage.Server.Alerts.Feed;
using Microsoft.Extensions.Logging.Abstractions;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>The feed consumer that copies alert transitions beside the readings for the charts.</summary>
public sealed class ChartCopyFeedTests : IDisposable
{
    private readonly AlertRig _rig = new();
    private readonly RecordingChartCopy _copy = new();

    private ChartCopyFeed CreateSut() => new(_rig.Store, _rig.Ledger, _copy, _rig.Time, _rig.Leases, NullLogger<ChartCopyFeed>.Instance);

    [Fact]
    public async Task RunOnceAsync_WritesOnlyPushedChanges_NotReminders()
    {
        await _rig.RaiseAsync("hp-vib-01", inCell: false);   // 1: raised
        _rig.Time.Advance(TimeSpan.FromMinutes(15));
        await _rig.Escalation.CheckAsync();                  // a reminder: fed for its notice, but no transition
        await _rig.Actions.AcknowledgeAsync("A000001", "chief-site", null); // 2: updated
        var sut = CreateSut();

        var handled = await sut.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, handled);
        Assert.Equal([("A000001", 1L), ("A000001", 2L)], Assert.Single(_copy.Writes));
        Assert.Equal(3L, _rig.Store.Checkpoint("chart-copy"));
    }

    [Fact]
    public async Task RunOnceAsync_OnlyReminders_WritesNothing_ButMovesOn()
    {
        await _rig.RaiseAsync("hp-vib-01", inCell: false);
        var sut = CreateSut();
        await sut.RunOnceAsync(TestContext.Current.CancellationToken);
        _rig.Time.Advance(TimeSpan.FromMinutes(15));
        await _rig.Escalation.CheckAsync();

        var handled = await sut.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, handled);
        Assert.Single(_copy.Writes);
        Assert.Equal(2L, _rig.Store.Checkpoint("chart-copy"));
    }

    [Fact]
    public async Task RunOnceAsync_CopyFails_RetriesTheSameBatchNextRound()
    {
        await _rig.RaiseAsync("hp-vib-01");
        await _rig.RaiseAsync("hp-vib-02");
        var sut = CreateSut();

        _copy.FailNextWrite();
        await Assert.ThrowsAsync<HttpRequestException>(() => sut.RunOnceAsync(TestContext.Current.CancellationToken));
        var checkpointAfterFailure = _rig.Store.Checkpoint("chart-copy");
        await sut.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0L, checkpointAfterFailure);
        Assert.Equal(
            [[("A000001", 1L), ("A000002", 2L)], [("A000001", 1L), ("A000002", 2L)]],
            _copy.Writes);
        Assert.Equal(2L, _rig.Store.Checkpoint("chart-copy"));
    }

    public void Dispose() => _rig.Dispose();
}
