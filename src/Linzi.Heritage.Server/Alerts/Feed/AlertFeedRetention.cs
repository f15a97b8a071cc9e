using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Hosting;

namespace Linzi.Heritage.Server.Alerts.Feed;

/// <summary>
/// Hourly: deletes feed entries that every persistent consumer has handled and that are older than a day (kept that
/// long to read when something went wrong). The alerts and their histories are not touched. Single owner.
/// </summary>
public sealed class AlertFeedRetention(
    IAlertFeed feed, IEnumerable<AlertFeedConsumer> consumers, TimeProvider time, LeaseKeeper leases, ILogger<AlertFeedRetention> logger)
    : PeriodicService(time, leases, SingleOwnerWork.FeedRetention)
{
    /// <summary>How long handled entries stay.</summary>
    public static readonly TimeSpan KeepHandled = TimeSpan.FromDays(1);

    /// <summary>One sweep; returns how many entries it deleted.</summary>
    public int PruneOnce()
    {
        var handled = consumers.Where(c => c.Persistent).Select(c => feed.Checkpoint(c.Name)).DefaultIfEmpty(feed.LastPosition()).Min();
        return feed.Prune(handled, Time.GetUtcNow() - KeepHandled);
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        PruneOnce();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.FeedPruneFailed(exception);
}
