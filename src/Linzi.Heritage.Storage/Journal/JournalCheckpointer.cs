using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>
/// Checkpoints the journal's WAL once a second while readings arrive. The journal's writer never checkpoints (its
/// publishers would wait out the copy and fsync: pauses of tens of milliseconds every few seconds at full rate); this
/// loop does it beside the writer, which a passive checkpoint does not block.
/// </summary>
public sealed class JournalCheckpointer(DataFiles files, SqliteJournal journal, TimeProvider time, ILogger<JournalCheckpointer> logger)
    : BackgroundService
{
    /// <summary>How often the WAL is checkpointed while it grows.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private long _checkpointed = -1;

    /// <summary>Checkpoints if entries were committed since the last time; returns whether it did. Tests call this directly.</summary>
    public bool RunOnce()
    {
        var last = journal.LastPosition;
        if (last == _checkpointed)
        {
            return false;
        }

        files.Journal.Checkpoint();
        _checkpointed = last;
        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    RunOnce();
                }
#pragma warning disable CA1031 // A failed checkpoint is retried on the next tick; the WAL only grows meanwhile.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.JournalCheckpointFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
