namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// Port: the alert change feed as its consumers read it, and their checkpoints, kept with the alerts so that shared
/// state (several instances) shares them too. Thread-safe.
/// </summary>
public interface IAlertFeed
{
    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="position"/>, oldest first.</summary>
    IReadOnlyList<AlertChange> ChangesAfter(long position, int limit);

    /// <summary>The newest feed position (0 when the feed is empty).</summary>
    long LastPosition();

    /// <summary>A consumer's checkpoint, or 0.</summary>
    long Checkpoint(string consumer);

    /// <summary>
    /// Records that a consumer has handled everything up to <paramref name="position"/>. A checkpoint only moves
    /// forward: an older position (from an instance that lost the consumer's lease while it worked) changes nothing.
    /// </summary>
    void SaveCheckpoint(string consumer, long position);

    /// <summary>Deletes feed entries at or before <paramref name="position"/> committed before <paramref name="before"/>; returns how many.</summary>
    int Prune(long position, DateTimeOffset before);
}
