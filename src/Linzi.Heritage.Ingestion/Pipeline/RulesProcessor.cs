using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Alerts;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Storage.Journal;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Enriches each journaled reading with its device, cell and zones from the registry snapshot, evaluates the rules
/// and raises alerts; it also feeds the live map and last-seen times. Readings of one device are evaluated in
/// journal order.
/// </summary>
public sealed class RulesProcessor(
    SqliteJournal journal,
    CheckpointStore checkpoints,
    RegistryHolder registry,
    AlertService alerts,
    LiveReadings live,
    DeviceStatusTracker status,
    TimeProvider time,
    ILogger<RulesProcessor> logger)
    : JournalConsumer(journal, checkpoints, time, logger)
{
    private readonly ILogger _logger = logger;

    /// <inheritdoc />
    public override string Name => "rules";

    /// <inheritdoc />
    protected override async Task ProcessAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var snapshot = registry.Current; // One snapshot for the whole batch: consistent, and one volatile read.
        foreach (var entry in batch)
        {
            var reading = entry.Reading;
            live.Offer(reading);
            status.Seen(reading);
            if (!snapshot.Devices.TryGetValue(reading.DeviceId, out var device))
            {
                _logger.UnknownDevice(reading.DeviceId);
                continue;
            }

            var context = new ReadingContext(device, snapshot.Locate(device, reading.Lat, reading.Lon));
            foreach (var match in RuleEngine.Evaluate(reading, context, snapshot.Rules))
            {
                await alerts.RaiseIfNewAsync(match, context, reading.Timestamp);
            }
        }
    }
}
