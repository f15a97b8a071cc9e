using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// The rules stage of this instance's journal: feeds the live map and last-seen times, then has each reading judged
/// against the rules (<see cref="RuleJudge"/>). On one instance it judges them itself, in journal order. When several
/// instances share the state and a broker's shared subscription spreads a device's readings over them, it appends them
/// to the shared <see cref="IRuleInbox"/> instead, each to its rule partition, and whichever instance owns that
/// partition judges every reading in it (<see cref="RulePartitionConsumer"/>): rule memory needs all of them.
/// </summary>
public sealed class RulesProcessor(
    IReadingJournal journal,
    ICheckpointStore checkpoints,
    RegistryHolder registry,
    RuleJudge judge,
    LiveReadings live,
    DeviceStatusTracker status,
    TimeProvider time,
    IOptions<CoordinationOptions> coordination,
    ILogger<RulesProcessor> logger,
    IRuleInbox? inbox = null)
    : JournalConsumer(journal, checkpoints, time, logger)
{
    private readonly TimeProvider _time = time;
    private readonly List<Reading> _readings = [];
    private readonly Dictionary<string, int> _partitions = new(StringComparer.Ordinal);
    private RegistrySnapshot? _partitionsOf;

    /// <inheritdoc />
    public override string Name => "rules";

    /// <summary>True when the readings go to the shared rule inbox rather than to this instance's own judge.</summary>
    public bool Shared => inbox is not null;

    /// <inheritdoc />
    protected override async Task ProcessAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        _readings.Clear();
        foreach (var entry in batch)
        {
            live.Offer(entry.Reading);
            status.Seen(entry.Reading);
            _readings.Add(entry.Reading);
        }

        if (inbox is null)
        {
            await judge.JudgeAsync(_readings);
            return;
        }

        var snapshot = registry.Current;
        inbox.Append([.. _readings.Select(r => (PartitionOf(snapshot, r.DeviceId), r))], _time.GetUtcNow());
    }

    // Cached per device for one registry snapshot: the key needs a zone lookup.
    private int PartitionOf(RegistrySnapshot snapshot, string deviceId)
    {
        if (!ReferenceEquals(snapshot, _partitionsOf))
        {
            _partitions.Clear();
            _partitionsOf = snapshot;
        }

        if (!_partitions.TryGetValue(deviceId, out var partition))
        {
            // A device this instance does not know yet (registered through another one a moment ago) still goes to the
            // inbox, under its own id: the owner of that partition may know it already.
            var key = snapshot.Devices.TryGetValue(deviceId, out var device) ? RulePartitioning.Key(snapshot, device) : "device:" + deviceId;
            partition = RulePartitioning.Of(key, coordination.Value.RulePartitions);
            _partitions[deviceId] = partition;
        }

        return partition;
    }
}
