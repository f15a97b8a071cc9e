using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Server.Alerts.Feed;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;
using static Linzi.Heritage.Server.Tests.Notifications.OutboxTests;

namespace Linzi.Heritage.Server.Tests.Notifications;

/// <summary>
/// Defect: the alert row committed first and the outbox row was written afterwards, its failure only logged, so a
/// crash or SQLITE_BUSY in between lost the WeCom, DingTalk and SMS notices for good. Notices now follow the alert
/// feed, which the ledger writes in the alert's own transaction.
/// </summary>
public sealed class NotificationDurabilityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task OutboxWriteFails_AfterTheAlertCommitted_TheNoticeGoesOutAfterRestart_ExactlyOnce()
    {
        using var receiver = new WebhookReceiver();
        var settings = Channels(receiver.Url, ("hook", "webhook"));
        string alertId;
        await using (var crashing = new HeritageApp(
            _data.Path, systemClock: true, settings: settings,
            services: s => s.AddSingleton<IOutbox>(sp => new LockedOutbox(ActivatorUtilities.CreateInstance<SqliteOutbox>(sp)))))
        {
            using var bureau = await crashing.ClientAsAsync("bureau");
            alertId = (await RaiseRedAsync(crashing, bureau)).Id; // committed
            var feed = crashing.Services.GetRequiredService<OutboxFeed>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => feed.RunOnceAsync(TestContext.Current.CancellationToken));
        } // the process goes down with the notice unwritten

        Assert.Empty(receiver.Accepted);
        await using var restarted = new HeritageApp(_data.Path, systemClock: true, settings: settings);
        using var started = await restarted.ClientAsAsync("bureau");
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), "the notice after the restart");

        // Once: the feed has nothing more for the outbox, and the outbox nothing more to send.
        await AssertNothingMoreToSendAsync(restarted);
        var (key, _, _) = Assert.Single(receiver.Accepted);
        Assert.StartsWith($"hook:{alertId}:raised:inspector-03:", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedReplayedAfterACrashBeforeItsCheckpoint_AddsNoSecondMessage()
    {
        using var receiver = new WebhookReceiver();
        await using var app = new HeritageApp(_data.Path, systemClock: true, settings: Channels(receiver.Url, ("hook", "webhook")));
        using var bureau = await app.ClientAsAsync("bureau");
        await RaiseRedAsync(app, bureau);
        await Eventually.True(() => Task.FromResult(receiver.Accepted.Count == 1), "the raised notice");

        // A crash between writing the outbox rows and saving the checkpoint replays the batch. (A checkpoint only moves
        // forward through the store, so the crash is made by removing it behind the store's back.)
        FeedCheckpoints.Forget(app.Services.GetRequiredService<Storage.Sqlite.DataFiles>(), "outbox");
        var replay = ActivatorUtilities.CreateInstance<OutboxFeed>(app.Services);
        Assert.True(await replay.RunOnceAsync(TestContext.Current.CancellationToken) > 0);

        await AssertNothingMoreToSendAsync(app);
        Assert.Single(app.Services.GetRequiredService<IOutbox>().ByStatus(null, 100));
        Assert.Single(receiver.Accepted);
    }

    /// <summary>The outbox as SQLITE_BUSY leaves it: every write of a new message fails.</summary>
    private sealed class LockedOutbox(IOutbox inner) : IOutbox
    {
        public bool Enqueue(OutboxMessage message) => throw new InvalidOperationException("database is locked (injected)");

        public (long ForDevice, long ForRule) RecentCounts(string channel, string? deviceId, string? ruleId, DateTimeOffset since) =>
            inner.RecentCounts(channel, deviceId, ruleId, since);

        public IReadOnlyList<OutboxMessage> Due(DateTimeOffset now, int limit) => inner.Due(now, limit);

        public DateTimeOffset? NextDue() => inner.NextDue();

        public IReadOnlyList<OutboxMessage> ByStatus(string? status, int limit) => inner.ByStatus(status, limit);

        public IReadOnlyList<OutboxMessage> Folded(string channel) => inner.Folded(channel);

        public void Delivered(long id, DateTimeOffset at) => inner.Delivered(id, at);

        public void Failed(long id, string error, DateTimeOffset? next) => inner.Failed(id, error, next);

        public bool Retry(long id, DateTimeOffset now) => inner.Retry(id, now);

        public void Digest(OutboxMessage digest, IReadOnlyCollection<long> folded) => inner.Digest(digest, folded);
    }

    public void Dispose() => _data.Dispose();
}
