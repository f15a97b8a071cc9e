using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Options;
using Linzi.Heritage.Storage.TimeSeries;
using Linzi.Heritage.Storage.Journal;

namespace Linzi.Heritage.Server.Housekeeping;

/// <summary>
/// Hourly housekeeping: deletes raw samples past <see cref="TimeSeriesOptions.RawRetention"/> and roll-ups past
/// <see cref="TimeSeriesOptions.RollupRetention"/> from the embedded store, and journal entries that every consumer
/// has processed and that are older than <see cref="JournalOptions.KeepConsumed"/>.
/// Concurrency: a single loop; deletes run in their own transactions beside the writers (WAL).
/// </summary>
public sealed class RetentionService(
    ITimeSeriesStore store, IReadingJournal journal, IOptions<TimeSeriesOptions> options, IOptions<JournalOptions> journalOptions, TimeProvider time,
    ILogger<RetentionService> logger)
    : PeriodicService(time)
{
    /// <summary>Time between sweeps.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    /// <summary>One sweep; returns (samples, roll-ups, journal entries) deleted. Tests call it directly.</summary>
    internal (int Samples, int Rollups, int Journal) SweepOnce()
    {
        var now = Time.GetUtcNow();
        var settings = options.Value;
        // InfluxDB expires data itself (its retention policy, set at start-up) and deletes nothing here.
        var (samples, rollups) = store.DeleteOlderThan(now - settings.RawRetention, now - settings.RollupRetention);

        var consumed = journal.DeleteConsumed(now - journalOptions.Value.KeepConsumed);
        logger.RetentionSwept(samples, rollups, consumed);
        return (samples, rollups, consumed);
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => SweepInterval;

    /// <inheritdoc />
    protected override bool RunAtStart => true;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        SweepOnce();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.RetentionFailed(exception);
}
