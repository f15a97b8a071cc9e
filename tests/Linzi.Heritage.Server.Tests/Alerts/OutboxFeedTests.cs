using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Server.Alerts.Feed;
using Linzi.Heritage.Server.Notifications;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Storage.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>The feed consumer that turns notices into outbox messages: each notice once, however often it is read.</summary>
public sealed class OutboxFeedTests : IDisposable
{
    private static readonly NotificationOptions Notifications = new()
    {
        Channels = [new ChannelOptions { Name = "hook", Kind = "webhook", Url = new Uri("http://127.0.0.1:9/hook") }],
    };

    private readonly AlertRig _rig = new();
    private readonly OutboxSignal _signal = new();
    private readonly SqliteOutbox _outbox;

    public OutboxFeedTests() => _outbox = new SqliteOutbox(_rig.Files);

    // A new instance each call: that is what a restart makes.
    private OutboxFeed CreateSut() =>
        new(_rig.Store, _rig.Ledger, new OutboxNotifier(_outbox, _signal, Options.Create(Notifications), _rig.Time), _rig.Time, _rig.Leases, NullLogger<OutboxFeed>.Instance);

    private IReadOnlyList<OutboxMessage> Messages() => [.. _outbox.ByStatus(null, 1000).OrderBy(m => m.Id)];

    [Fact]
    public async Task RunOnceAsync_ReplayedFromCheckpointZero_AddsNoSecondOutboxRow()
    {
        await _rig.RaiseAsync("hp-vib-01");
        await CreateSut().RunOnceAsync(TestContext.Current.CancellationToken);
        var queued = Messages();

        // As if it crashed after queuing and before saving its checkpoint (a checkpoint only moves forward through the
        // store, so it is removed behind the store's back).
        FeedCheckpoints.Forget(_rig.Files, "outbox");

        var replayed = await CreateSut().RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, replayed); // the notice was read again...
        Assert.Equal(queued.Select(m => m.IdempotencyKey), Messages().Select(m => m.IdempotencyKey)); // ...and added nothing
        var message = Assert.Single(queued);
        Assert.Equal(("hook", "raised", "A000001", "inspector-03"), (message.Channel, message.Kind, message.AlertId, message.Recipient));
        Assert.EndsWith(":1", message.IdempotencyKey, StringComparison.Ordinal); // the feed position
    }

    [Fact]
    public async Task RunOnceAsync_OnlyChangesWithANotice_AreQueued()
    {
        await _rig.RaiseAsync("hp-vib-01");                                                    // notice: raised
        await _rig.Actions.AcknowledgeAsync("A000001", "inspector-03", null);                   // none
        await _rig.Actions.RecordEvidenceAsync("A000001", "inspector-03", [("note", "巡查")]);   // not fed
        await _rig.Actions.HandOverAsync("A000001", "inspector-03", "chief-qidu", null);        // notice: escalated

        await CreateSut().RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal([("raised", "inspector-03"), ("escalated", "chief-qidu")], Messages().Select(m => (m.Kind, m.Recipient)));
    }

    [Fact]
    public async Task RunOnceAsync_TheSameKindOfNoticeTwice_IsTwoMessages_AndAReplayStillAddsNone()
    {
        await _rig.RaiseAsync("hp-vib-01", inCell: false); // outside the grid: the site's chief is the whole chain
        _rig.Time.Advance(TimeSpan.FromMinutes(15));
        await _rig.Escalation.CheckAsync();                // reminded
        await CreateSut().RunOnceAsync(TestContext.Current.CancellationToken);
        _rig.Time.Advance(TimeSpan.FromMinutes(15));
        await _rig.Escalation.CheckAsync();                // reminded again

        await CreateSut().RunOnceAsync(TestContext.Current.CancellationToken);
        FeedCheckpoints.Forget(_rig.Files, "outbox");
        await CreateSut().RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(
            [("raised", "chief-site"), ("reminded", "chief-site"), ("reminded", "chief-site")],
            Messages().Select(m => (m.Kind, m.Recipient)));
    }

    public void Dispose()
    {
        _signal.Dispose();
        _rig.Dispose();
    }
}
