using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Server.Notifications;
using Linzi.Heritage.Ingestion.Hosting;

namespace Linzi.Heritage.Server.Alerts.Feed;

/// <summary>
/// Feed consumer <c>outbox</c>: writes each notice to the notification outbox. Exactly once: a message's
/// idempotency key carries the feed position, and the outbox ignores a key it has, so a batch replayed after a crash
/// adds nothing.
/// </summary>
public sealed class OutboxFeed(IAlertFeed feed, AlertLedger ledger, OutboxNotifier outbox, TimeProvider time, LeaseKeeper leases,
    ILogger<OutboxFeed> logger)
    : AlertFeedConsumer(feed, ledger, time, leases, logger)
{
    /// <inheritdoc />
    public override string Name => "outbox";

    /// <inheritdoc />
    protected override Task ProcessAsync(IReadOnlyList<AlertChange> batch, CancellationToken cancellationToken)
    {
        foreach (var change in batch)
        {
            if (change.Notice is { } notice)
            {
                outbox.Enqueue(notice, change.Position);
            }
        }

        return Task.CompletedTask;
    }
}
