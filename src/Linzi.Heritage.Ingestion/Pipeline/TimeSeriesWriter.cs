using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>Copies journaled readings into the time-series store, a whole batch per write.</summary>
public sealed class TimeSeriesWriter(
    IReadingJournal journal, ICheckpointStore checkpoints, ITimeSeriesStore store, TimeProvider time, ILogger<TimeSeriesWriter> logger)
    : JournalConsumer(journal, checkpoints, time, logger)
{
    /// <inheritdoc />
    public override string Name => "timeseries";

    /// <inheritdoc />
    protected override Task ProcessAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken) =>
        store.WriteAsync([.. batch.Select(e => e.Reading)], cancellationToken);
}
