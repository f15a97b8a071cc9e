using Linzi.Heritage.Storage.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Base of every journal consumer: reads entries after its own checkpoint in batches, processes them, then saves
/// the checkpoint. Delivery is at least once: a crash between processing and saving replays the batch, so
/// processing must be idempotent (the stores overwrite by key; alerts allow one active per rule and device).
/// </summary>
/// <remarks>
/// Concurrency: one loop per consumer, so a consumer sees entries strictly in journal order. It sleeps on the
/// journal's commit signal, with a one-second poll as a safety net. A failing batch is logged and retried after a
/// pause; the loop never dies.
/// </remarks>
public abstract class JournalConsumer(SqliteJournal journal, CheckpointStore checkpoints, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private const int BatchSize = 5_000;
    private long _position = -1;

    /// <summary>The checkpoint name.</summary>
    public abstract string Name { get; }

    /// <summary>Position of the last processed entry.</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Processes one batch, oldest first.</summary>
    protected abstract Task ProcessAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken);

    /// <summary>Reads and processes what is available; returns how many entries it handled. Tests call this directly.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_position < 0)
        {
            Interlocked.Exchange(ref _position, checkpoints.Get(Name));
        }

        var batch = journal.ReadAfter(_position, BatchSize);
        if (batch.Count == 0)
        {
            return 0;
        }

        await ProcessAsync(batch, cancellationToken);
        var last = batch[^1].Position;
        checkpoints.Save(Name, last);
        Interlocked.Exchange(ref _position, last);
        return batch.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signal = journal.Subscribe();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }

                using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                poll.CancelAfter(TimeSpan.FromSeconds(1));
                await signal.WaitToReadAsync(poll.Token);
                signal.TryRead(out _);
            }
            catch (OperationCanceledException)
            {
                // Either the poll timed out (loop again) or we are stopping (the loop condition ends it).
            }
#pragma warning disable CA1031 // One failed batch must not kill the consumer; it is retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.ConsumerFailed(ex, Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }
    }
}
