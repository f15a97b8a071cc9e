using Linzi.Heritage.Storage.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.TimeSeries;

/// <summary>
/// Hourly housekeeping: deletes raw samples past <see cref="TimeSeriesOptions.RawRetention"/> and roll-ups past
/// <see cref="TimeSeriesOptions.RollupRetention"/> from the embedded store, and journal entries that every consumer
/// has processed and that are older than <see cref="JournalOptions.KeepConsumed"/>.
/// Concurrency: a single loop; deletes run in their own transactions beside the writers (WAL).
/// </summary>
public sealed class RetentionService(
    ITimeSeriesStore store, SqliteJournal journal, IOptions<TimeSeriesOptions> options, IOptions<JournalOptions> journalOptions, TimeProvider time,
    ILogger<RetentionService> logger)
    : BackgroundService
{
    /// <summary>Time between sweeps.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>One sweep; returns (samples, roll-ups, journal entries) deleted. Tests call it directly.</summary>
    internal (int Samples, int Rollups, int Journal) SweepOnce()
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        // InfluxDB expires data itself (its retention policy, set at start-up).
        var (samples, rollups) = store is SqliteTimeSeriesStore sqlite
            ? sqlite.DeleteOlderThan(now - settings.RawRetention, now - settings.RollupRetention)
            : (0, 0);

        var consumed = journal.DeleteConsumed(now - journalOptions.Value.KeepConsumed);
        logger.RetentionSwept(samples, rollups, consumed);
        return (samples, rollups, consumed);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    SweepOnce();
                }
#pragma warning disable CA1031 // A failed sweep is logged and tried again next hour.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.RetentionFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
