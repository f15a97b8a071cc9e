using System.Threading.Channels;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Ingestion.Pipeline;

namespace Linzi.Heritage.Server.Alerts.Feed;

/// <summary>
/// Base of every consumer of the alert change feed: follows the feed with its own checkpoint, kept with the alerts,
/// exactly as the journal consumers follow readings. A consumer that fails or restarts resumes from its checkpoint.
/// A persistent consumer's checkpoint is shared by every instance on one state store, so it runs on the instance that
/// holds its lease (<see cref="SingleOwnerWork.FeedConsumer"/>); a consumer of this instance's own audience (the live
/// push to the connections it holds) runs on every instance.
/// </summary>
public abstract class AlertFeedConsumer(IAlertFeed feed, AlertLedger ledger, TimeProvider time, LeaseKeeper leases, ILogger logger)
    : LogFollower<AlertChange>(time, logger)
{
    private long _token = -1;

    /// <summary>The feed followed.</summary>
    protected IAlertFeed Feed => feed;

    /// <summary>
    /// True when the checkpoint survives a restart. A consumer whose audience is gone after a restart (live
    /// connections, which catch up by sequence when they reconnect) starts at the head instead.
    /// </summary>
    public virtual bool Persistent => true;

    /// <inheritdoc />
    protected override int BatchSize => 500;

    /// <inheritdoc />
    protected override bool MayRun()
    {
        if (!Persistent)
        {
            return true;
        }

        if (leases.Hold(SingleOwnerWork.FeedConsumer(Name)) is not { } lease)
        {
            return false;
        }

        if (lease.Token != _token)
        {
            // Taken anew (possibly after another instance held it in between): that one may have moved the checkpoint.
            _token = lease.Token;
            ReloadCheckpoint();
        }

        return true;
    }

    /// <inheritdoc />
    protected override long LoadCheckpoint() => Persistent ? feed.Checkpoint(Name) : feed.LastPosition();

    /// <inheritdoc />
    protected override void SaveCheckpoint(long position)
    {
        if (Persistent)
        {
            feed.SaveCheckpoint(Name, position);
        }
    }

    /// <inheritdoc />
    protected override IReadOnlyList<AlertChange> ReadAfter(long position, int limit) => ledger.ChangesAfter(position, limit);

    /// <inheritdoc />
    protected override long PositionOf(AlertChange entry) => entry.Position;

    /// <inheritdoc />
    protected override ChannelReader<bool> Subscribe() => ledger.SubscribeToCommits();
}
