namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>A reading waiting in a partition of the <see cref="IRuleInbox"/>, at its position there.</summary>
public sealed record InboxReading(long Position, Reading Reading);

/// <summary>
/// Port: the shared inbox through which instances hand readings to the rules when several run on one state store.
/// Each instance journals what its broker subscription gives it, as ever, then appends those readings here, each to
/// the partition of its rule memory (<see cref="Rules.Evaluation.RulePartitioning"/>); one instance at a time judges a
/// partition, so every reading of a device, and of the devices a correlation combines, meets the same rule memory
/// whichever instance received it. Readings stay after they are judged, for <c>Coordination:RuleInboxRetention</c>,
/// so that a new owner of a partition can rebuild that memory from them. Thread-safe, and atomic across instances.
/// </summary>
public interface IRuleInbox
{
    /// <summary>
    /// Appends readings, each to its partition. Positions rise within a partition in commit order: a reader that has
    /// seen position p never later finds a newly committed reading at or below p.
    /// </summary>
    void Append(IReadOnlyList<(int Partition, Reading Reading)> readings, DateTimeOffset now);

    /// <summary>Up to <paramref name="limit"/> readings of <paramref name="partition"/> after <paramref name="position"/>, oldest first.</summary>
    IReadOnlyList<InboxReading> ReadAfter(int partition, long position, int limit);

    /// <summary>
    /// Up to <paramref name="limit"/> readings of <paramref name="partition"/> at or below <paramref name="upTo"/>,
    /// appended at or after <paramref name="since"/>, oldest first: what a new owner replays to rebuild rule memory.
    /// </summary>
    IReadOnlyList<InboxReading> ReadBack(int partition, long upTo, DateTimeOffset since, int limit);

    /// <summary>The position up to which <paramref name="partition"/> has been judged; 0 before any.</summary>
    long Checkpoint(int partition);

    /// <summary>Records that <paramref name="partition"/> has been judged up to <paramref name="position"/>; never moves it back.</summary>
    void SaveCheckpoint(int partition, long position);

    /// <summary>Deletes readings of <paramref name="partition"/> judged (at or below the checkpoint) and appended before <paramref name="before"/>; returns how many.</summary>
    int Trim(int partition, DateTimeOffset before);
}
