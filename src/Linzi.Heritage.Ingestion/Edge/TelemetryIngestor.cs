using System.Buffers;
using System.Runtime.CompilerServices;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Backlog;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Ingestion.Rejections;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Edge;

/// <summary>
/// The ingestion edge: decode, drop duplicates, append to the journal and wait for the group commit. Everything
/// else happens downstream, from the journal. Called by whichever broker adapter is active. Thread-safe.
/// </summary>
public sealed class TelemetryIngestor(
    TelemetryDecoder decoder,
    IReadingJournal journal,
    SequenceTracker sequences,
    RejectionLog rejections,
    IngestionStats stats,
    IngestionGate gate,
    ILogger<TelemetryIngestor> logger)
{
    private string? _failure;

    /// <summary>
    /// Why the last journal append failed (a full disk: "database or disk is full"), while appends keep failing; null
    /// once one succeeds. Read by <see cref="Health.FaultMonitor"/>.
    /// </summary>
    public string? JournalFailure => Volatile.Read(ref _failure);

    /// <summary>Ingests one telemetry payload of an authenticated device.</summary>
    /// <remarks>
    /// A pooled <see cref="ValueTask{TResult}"/>: this waits for a group commit on every publish, so its state machine
    /// would otherwise be boxed on the heap once per message. Await it once, as every caller does.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IngestOutcome> IngestAsync(string? clientId, string deviceId, string siteId, string topic, ReadOnlySequence<byte> payload)
    {
        if (gate.Refusing)
        {
            // The journal backlog is at its bound: the device keeps the reading and sends it again later.
            stats.AddRefused();
            return IngestOutcome.Unavailable;
        }

        var decoded = decoder.Decode(payload, deviceId, siteId);
        if (!decoded.Ok)
        {
            rejections.Record(clientId, deviceId, topic, decoded.Reason!, decoded.Detail!, payload);
            return IngestOutcome.Rejected;
        }

        var fresh = DropDuplicates(deviceId, decoded.Readings!);
        if (fresh.Count == 0)
        {
            return IngestOutcome.Accepted;
        }

        try
        {
            await journal.AppendAsync(fresh);
            if (Volatile.Read(ref _failure) is not null)
            {
                Volatile.Write(ref _failure, null);
            }
        }
#pragma warning disable CA1031 // Whatever failed, the device must not get a success PUBACK; it will retry.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.JournalAppendFailed(ex, deviceId);
            Volatile.Write(ref _failure, ex.Message);
            return IngestOutcome.Unavailable;
        }

        for (var i = 0; i < fresh.Count; i++)
        {
            if (fresh[i].Seq is { } seq)
            {
                sequences.Mark(deviceId, seq);
            }
        }

        stats.AddAccepted(fresh.Count);
        return IngestOutcome.Accepted;
    }

    private IReadOnlyList<Reading> DropDuplicates(string deviceId, IReadOnlyList<Reading> readings)
    {
        List<Reading>? kept = null;
        var verdicts = readings.Count == 1
            ? [readings[0].Seq is { } only ? sequences.Check(deviceId, only) : SequenceVerdict.InOrder]
            : sequences.CheckBatch(deviceId, [.. readings.Select(r => r.Seq)]);
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            var verdict = verdicts[i];
            if (verdict == SequenceVerdict.Gap)
            {
                stats.AddGap();
            }

            if (verdict == SequenceVerdict.Duplicate)
            {
                // Copy lazily: the common case (no duplicates) keeps the decoder's list as it is.
                kept ??= [.. readings.Take(i)];
                stats.AddDuplicates(1);
            }
            else
            {
                kept?.Add(reading);
            }
        }

        return kept ?? readings;
    }
}
