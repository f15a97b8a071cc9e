using System.Threading.Channels;
using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Judges one partition of the shared rule inbox, on the instance that holds its lease
/// (<see cref="SingleOwnerWork.RulePartition"/>), with its own <see cref="RuleJudge"/>. Whenever this instance takes
/// the lease, whether for the first time or again after another instance held it, the judge starts afresh and
/// replays the partition's recently judged readings to rebuild rule memory (<see cref="RuleMemory"/>), then goes on
/// from the shared checkpoint: a breach that began under the last owner still raises once, when its sustain is met.
/// </summary>
/// <remarks>
/// Delivery is at least once, as for every log follower: an owner that stops between committing its alerts and saving
/// the checkpoint, or one paused past its lease while the next owner starts, has a batch judged twice. The alert
/// ledger keeps one open alert per rule and subject, so that costs repeat counts, never a second alert.
/// </remarks>
public sealed class RulePartitionConsumer(
    int partition,
    IRuleInbox inbox,
    RuleJudge judge,
    RegistryHolder registry,
    LeaseKeeper leases,
    IStateChanges changes,
    IOptions<CoordinationOptions> options,
    TimeProvider clock,
    ILogger<RulePartitionConsumer> logger)
    : LogFollower<InboxReading>(clock, logger)
{
    private readonly TimeProvider _time = clock;
    // Bounds the replay: a day of a busy partition would not fit in memory.
    private const int RecallLimit = 200_000;
    private static readonly TimeSpan TrimEvery = TimeSpan.FromMinutes(1);

    private readonly string _work = SingleOwnerWork.RulePartition(partition);
    private long _token = -1;
    private DateTimeOffset _nextAsk = DateTimeOffset.MinValue;
    private DateTimeOffset _nextTrim = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public override string Name => _work;

    /// <summary>The partition judged.</summary>
    public int Partition => partition;

    /// <summary>How many readings the last take-over replayed.</summary>
    public int Recalled { get; private set; }

    /// <inheritdoc />
    protected override int BatchSize => 1_000;

    /// <inheritdoc />
    protected override bool MayRun()
    {
        var now = _time.GetUtcNow();
        if (_token < 0 && now < _nextAsk)
        {
            return false; // Another instance judges it: asked again a little later, not on every append's wake-up.
        }

        if (leases.Hold(_work) is not { } lease)
        {
            _token = -1;
            _nextAsk = now + options.Value.LeaseDuration / 5;
            return false;
        }

        if (lease.Token != _token)
        {
            _token = lease.Token;
            ReloadCheckpoint(); // and with it the replay below: another instance may have judged meanwhile
        }

        return true;
    }

    /// <inheritdoc />
    protected override long LoadCheckpoint()
    {
        var checkpoint = inbox.Checkpoint(partition);
        var snapshot = registry.Current;
        var span = TimeSpan.FromTicks(Math.Min(
            Math.Max(options.Value.RuleWarmUp.Ticks, RuleMemory.Span(snapshot.Rules).Ticks), options.Value.RuleInboxRetention.Ticks));
        var replay = inbox.ReadBack(partition, checkpoint, _time.GetUtcNow() - span, RecallLimit);
        judge.Recall(InReadingOrder(replay));
        Recalled = replay.Count;
        logger.RulePartitionRecalled(_work, replay.Count, checkpoint);
        return checkpoint;
    }

    /// <inheritdoc />
    protected override void SaveCheckpoint(long position) => inbox.SaveCheckpoint(partition, position);

    /// <inheritdoc />
    protected override IReadOnlyList<InboxReading> ReadAfter(long position, int limit) => inbox.ReadAfter(partition, position, limit);

    /// <inheritdoc />
    protected override long PositionOf(InboxReading entry) => entry.Position;

    /// <inheritdoc />
    protected override ChannelReader<bool> Subscribe() => changes.Subscribe(StateTopics.RuleInbox);

    /// <inheritdoc />
    protected override async Task ProcessAsync(IReadOnlyList<InboxReading> batch, CancellationToken cancellationToken)
    {
        await judge.JudgeAsync(InReadingOrder(batch));
        var now = _time.GetUtcNow();
        if (now >= _nextTrim)
        {
            _nextTrim = now + TrimEvery;
            inbox.Trim(partition, now - options.Value.RuleInboxRetention);
        }
    }

    // Two instances may append a device's consecutive readings in either order; within a batch, time order is restored.
    private static List<Reading> InReadingOrder(IReadOnlyList<InboxReading> batch) =>
        [.. batch.Select(q => q.Reading).OrderBy(r => r.Timestamp)];
}
