using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Copies journaled readings into the time-series store, a whole batch per write, gathering for
/// <see cref="TimeSeriesWriterOptions.BatchWindow"/> between writes under load.
/// </summary>
public sealed class TimeSeriesWriter(
    IReadingJournal journal, ICheckpointStore checkpoints, ITimeSeriesStore store, IOptions<TimeSeriesWriterOptions> options,
    TimeProvider time, ILogger<TimeSeriesWriter> logger)
    : JournalConsumer(journal, checkpoints, time, logger)
{
    /// <inheritdoc />
    public override string Name => "timeseries";

    /// <inheritdoc />
    protected override TimeSpan Linger => options.Value.BatchWindow;

    /// <inheritdoc />
    protected override Task ProcessAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken) =>
        store.WriteAsync([.. batch.Select(e => e.Reading)], cancellationToken);
}
