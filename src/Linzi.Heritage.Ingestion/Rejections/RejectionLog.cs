using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Rejections;

/// <summary>
/// Counts refused payloads by reason and keeps them for inspection. The broker's handler only counts and queues
/// (no I/O); this service's loop persists queued rejections in batches, so a flood of garbage never slows the
/// ingestion of good readings. Counts are exact; if the queue is ever full, the oldest queued copy is dropped and
/// the count still records it.
/// </summary>
public sealed class RejectionLog(IRejectedStore store, TimeProvider time, ILogger<RejectionLog> logger) : BackgroundService
{
    /// <summary>Bytes of each payload kept as text.</summary>
    public const int PrefixBytes = 2_048;

    private readonly Channel<RejectedPayload> _queue = Channel.CreateBounded<RejectedPayload>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ConcurrentDictionary<string, long> _sinceStart = new(StringComparer.Ordinal);

    /// <summary>Rejections per reason since this process started.</summary>
    public IReadOnlyDictionary<string, long> CountsSinceStart => _sinceStart;

    /// <summary>Records a refused payload.</summary>
    public void Record(string? clientId, string? deviceId, string topic, string reason, string detail, ReadOnlySequence<byte> payload)
    {
        _sinceStart.AddOrUpdate(reason, 1, (_, n) => n + 1);
        var prefix = payload.Length > PrefixBytes ? payload.Slice(0, PrefixBytes) : payload;
        var text = Encoding.UTF8.GetString(prefix);
        _queue.Writer.TryWrite(new RejectedPayload(time.GetUtcNow(), clientId, deviceId, topic, reason, detail, text, payload.Length));
        logger.PayloadRejected(deviceId ?? clientId ?? "?", topic, reason, detail);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RejectedPayload>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Flush(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Flush(batch); // Keep what queued before shutdown.
        }
    }

    private void Flush(List<RejectedPayload> batch)
    {
        batch.Clear();
        while (batch.Count < 500 && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            store.Add(batch);
        }
#pragma warning disable CA1031 // A failing store must not stop the loop; the counts are already taken.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.RejectedStoreFailed(ex, batch.Count);
        }
    }
}
