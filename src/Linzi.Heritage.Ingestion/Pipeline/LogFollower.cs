using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Base of every consumer that follows a log with its own checkpoint: the reading journal's consumers and the alert
/// feed's. It reads entries after its checkpoint in batches, processes them, then saves the checkpoint. Delivery is
/// at least once: a crash between processing and saving replays the batch, so processing must be idempotent.
/// </summary>
/// <remarks>
/// Concurrency: one loop per consumer, so a consumer sees entries strictly in log order. It sleeps on the log's
/// commit signal, with a one-second poll as a safety net. A failing batch is logged and retried after a pause from
/// the same checkpoint; the loop never dies.
/// </remarks>
/// <typeparam name="TEntry">An entry of the log.</typeparam>
public abstract class LogFollower<TEntry>(TimeProvider time, ILogger logger) : BackgroundService
{
    private long _position = -1;
    private string? _failure;

    /// <summary>The checkpoint name.</summary>
    public abstract string Name { get; }

    /// <summary>Position of the last processed entry (-1 before the first round).</summary>
    public long Position => Interlocked.Read(ref _position);

    /// <summary>Why the last batch failed, while the consumer keeps failing; null once a round succeeds (FaultMonitor).</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>How many entries one round reads at most.</summary>
    protected virtual int BatchSize => 5_000;

    /// <summary>
    /// After a round that processed something, how long to wait before the next, so that it takes what arrived
    /// meanwhile in one batch; zero for a consumer that must act at once (the rules). The first entry after a quiet
    /// spell is processed as soon as it is committed, and a round that found a full batch goes on without waiting.
    /// </summary>
    protected virtual TimeSpan Linger => TimeSpan.Zero;

    /// <summary>
    /// False while another instance does this consumer's work (it holds the lease): the round is skipped, and the
    /// checkpoint is read again once this instance may run, since the other one moved it meanwhile.
    /// </summary>
    protected virtual bool MayRun() => true;

    /// <summary>Makes the next round read the checkpoint again (another instance may have moved it).</summary>
    protected void ReloadCheckpoint() => Interlocked.Exchange(ref _position, -1);

    /// <summary>Processes one batch, oldest first.</summary>
    protected abstract Task ProcessAsync(IReadOnlyList<TEntry> batch, CancellationToken cancellationToken);

    /// <summary>Where to start: the saved checkpoint.</summary>
    protected abstract long LoadCheckpoint();

    /// <summary>Saves the checkpoint after a processed batch.</summary>
    protected abstract void SaveCheckpoint(long position);

    /// <summary>Up to <paramref name="limit"/> entries after <paramref name="position"/>, oldest first.</summary>
    protected abstract IReadOnlyList<TEntry> ReadAfter(long position, int limit);

    /// <summary>The position of an entry.</summary>
    protected abstract long PositionOf(TEntry entry);

    /// <summary>Wake-ups after each commit to the log.</summary>
    protected abstract ChannelReader<bool> Subscribe();

    /// <summary>Reads and processes what is available; returns how many entries it handled. Tests call this directly.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!MayRun())
        {
            Interlocked.Exchange(ref _position, -1);
            return 0;
        }

        if (_position < 0)
        {
            Interlocked.Exchange(ref _position, LoadCheckpoint());
        }

        var batch = ReadAfter(_position, BatchSize);
        if (batch.Count == 0)
        {
            return 0;
        }

        await ProcessAsync(batch, cancellationToken);
        var last = PositionOf(batch[^1]);
        SaveCheckpoint(last);
        Interlocked.Exchange(ref _position, last);
        return batch.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var signal = Subscribe();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var processed = await RunOnceAsync(stoppingToken);
                Volatile.Write(ref _failure, null);
                if (processed >= BatchSize)
                {
                    continue;
                }

                if (processed > 0)
                {
                    if (Linger > TimeSpan.Zero)
                    {
                        await Task.Delay(Linger, time, stoppingToken);
                    }

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
                Volatile.Write(ref _failure, ex.Message);
                await PauseAsync(stoppingToken);
            }
        }
    }

    // After a failure: a pause before the retry, cut short by shutdown (a consumer that keeps failing must not hold
    // the host's stop, on a real clock or a test's fake one).
    private async Task PauseAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends it.
        }
    }
}
