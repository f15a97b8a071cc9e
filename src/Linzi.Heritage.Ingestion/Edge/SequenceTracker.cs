using System.Collections.Concurrent;

namespace Linzi.Heritage.Ingestion.Edge;

/// <summary>What a reading's <c>seq</c> says about it.</summary>
public enum SequenceVerdict
{
    /// <summary>Next in order, or no seq at all.</summary>
    InOrder,

    /// <summary>Seen before (a QoS 1 redelivery or a replayed buffer): drop it.</summary>
    Duplicate,

    /// <summary>New, but numbers were skipped before it.</summary>
    Gap,
}

/// <summary>
/// Detects duplicate and missing <c>seq</c> numbers per device with a sliding window of the last
/// <see cref="Window"/> numbers (a bitmap, 128 bytes per device). Numbers older than the window are accepted:
/// they cannot be told from a device that restarted its count, and the stores are idempotent anyway.
/// Thread-safe: each device's window is locked on its own.
/// </summary>
public sealed class SequenceTracker
{
    /// <summary>How many recent numbers each device remembers.</summary>
    public const int Window = 1024;

    private readonly ConcurrentDictionary<string, DeviceWindow> _devices = new(StringComparer.Ordinal);

    /// <summary>Seeds the highest seq per device (from the journal) after a restart.</summary>
    public void Seed(IReadOnlyDictionary<string, long> lastSequences)
    {
        ArgumentNullException.ThrowIfNull(lastSequences);
        foreach (var (device, seq) in lastSequences)
        {
            var window = _devices.GetOrAdd(device, _ => new DeviceWindow());
            lock (window)
            {
                window.Mark(seq);
            }
        }
    }

    /// <summary>Seeds every recent seq per device (from the journal) after a restart, so a replayed one is a duplicate.</summary>
    public void Seed(IReadOnlyDictionary<string, IReadOnlyList<long>> recentSequences)
    {
        ArgumentNullException.ThrowIfNull(recentSequences);
        foreach (var (device, seqs) in recentSequences)
        {
            var window = _devices.GetOrAdd(device, _ => new DeviceWindow());
            lock (window)
            {
                foreach (var seq in seqs.Order())
                {
                    window.Mark(seq);
                }
            }
        }
    }

    /// <summary>Judges a seq without recording it (record only once the reading is durably stored).</summary>
    public SequenceVerdict Check(string deviceId, long seq)
    {
        if (!_devices.TryGetValue(deviceId, out var window))
        {
            return SequenceVerdict.InOrder;
        }

        lock (window)
        {
            return window.Check(seq);
        }
    }

    /// <summary>
    /// Judges the readings of one payload (a store-and-forward array, oldest first) without recording them: each is
    /// judged against what is stored <i>and</i> against the readings before it in the same payload, so an array
    /// [5, 6, 7] after 4 is in order, and a number repeated inside the array is a duplicate.
    /// </summary>
    public IReadOnlyList<SequenceVerdict> CheckBatch(string deviceId, IReadOnlyList<long?> seqs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        var verdicts = new SequenceVerdict[seqs.Count];
        long? max = null; // the highest number stored or earlier in this payload
        if (_devices.TryGetValue(deviceId, out var window))
        {
            lock (window)
            {
                max = window.Max;
            }
        }

        HashSet<long>? seen = null;
        for (var i = 0; i < seqs.Count; i++)
        {
            if (seqs[i] is not { } seq)
            {
                verdicts[i] = SequenceVerdict.InOrder;
                continue;
            }

            if (Check(deviceId, seq) == SequenceVerdict.Duplicate || (seen?.Contains(seq) ?? false))
            {
                verdicts[i] = SequenceVerdict.Duplicate;
                continue;
            }

            verdicts[i] = max is { } m && seq > m + 1 ? SequenceVerdict.Gap : SequenceVerdict.InOrder;
            (seen ??= []).Add(seq);
            max = max is { } highest ? Math.Max(highest, seq) : seq;
        }

        return verdicts;
    }

    /// <summary>Records a stored seq.</summary>
    public void Mark(string deviceId, long seq)
    {
        var window = _devices.GetOrAdd(deviceId, _ => new DeviceWindow());
        lock (window)
        {
            window.Mark(seq);
        }
    }

    private sealed class DeviceWindow
    {
        private readonly ulong[] _bits = new ulong[Window / 64];
        private long _max = -1;

        /// <summary>The highest number recorded, or null.</summary>
        public long? Max => _max < 0 ? null : _max;

        public SequenceVerdict Check(long seq)
        {
            if (_max < 0 || seq <= _max - Window)
            {
                return SequenceVerdict.InOrder;
            }

            if (seq > _max)
            {
                return seq == _max + 1 ? SequenceVerdict.InOrder : SequenceVerdict.Gap;
            }

            return IsSet(seq) ? SequenceVerdict.Duplicate : SequenceVerdict.InOrder;
        }

        public void Mark(long seq)
        {
            if (_max >= 0 && seq <= _max - Window)
            {
                return;
            }

            if (seq > _max)
            {
                // Clear the slots the window slides over, so they do not report stale numbers as seen.
                var steps = _max < 0 ? Window : Math.Min(seq - _max, Window);
                for (var n = seq - steps + 1; n <= seq; n++)
                {
                    Set(n, false);
                }

                _max = seq;
            }

            Set(seq, true);
        }

        private bool IsSet(long seq)
        {
            var slot = (int)(seq % Window);
            return (_bits[slot >> 6] & (1UL << (slot & 63))) != 0;
        }

        private void Set(long seq, bool on)
        {
            var slot = (int)(((seq % Window) + Window) % Window);
            if (on)
            {
                _bits[slot >> 6] |= 1UL << (slot & 63);
            }
            else
            {
                _bits[slot >> 6] &= ~(1UL << (slot & 63));
            }
        }
    }
}
