using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>
/// The newest committed journal entries, kept in memory, so that consumers that keep up get them without a query and
/// without decoding every body again (each consumer did both for every reading). It holds every entry after its
/// floor; a reader further back than that reads the file. Thread-safe: one writer, any number of readers.
/// </summary>
/// <remarks>
/// Retention must delete through the same <see cref="SqliteJournal"/> (the server has one), which then drops what it
/// deleted here too; another instance's deletes would only be seen by readers before the floor.
/// </remarks>
internal sealed class JournalTail
{
    private readonly Lock _lock = new();
    private readonly JournalEntry[] _ring; // The oldest at _oldest, then in position order, wrapping around.
    private int _oldest;
    private int _count;
    private long _floor;

    /// <param name="floor">The newest position already in the file: entries after it are appended here.</param>
    /// <param name="capacity">
    /// How many of the newest entries are kept. Enough to cover how far the consumers trail, and no more: an entry kept
    /// here outlives the next garbage collection and is copied by it, so a tail of seconds of readings made every
    /// collection pause for tens of milliseconds (bench/results/issue-16-gc.md).
    /// </param>
    public JournalTail(long floor, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _floor = floor;
        _ring = new JournalEntry[capacity];
    }

    /// <summary>Adds just-committed entries, in position order, dropping the oldest beyond the capacity.</summary>
    public void Append(List<JournalEntry> committed)
    {
        lock (_lock)
        {
            foreach (var entry in committed)
            {
                if (_count == _ring.Length)
                {
                    _floor = _ring[_oldest].Position;
                    _oldest = (_oldest + 1) % _ring.Length;
                    _count--;
                }

                _ring[(_oldest + _count) % _ring.Length] = entry;
                _count++;
            }
        }
    }

    /// <summary>Forgets the entries before <paramref name="position"/>: retention deleted them from the file.</summary>
    public void DropBefore(long position)
    {
        lock (_lock)
        {
            var dropped = FirstAfter(position - 1);
            for (var i = 0; i < dropped; i++)
            {
                _ring[(_oldest + i) % _ring.Length] = default; // Not kept alive for the collector.
            }

            _oldest = (_oldest + dropped) % _ring.Length;
            _count -= dropped;
        }
    }

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="position"/>; false if some may be only in the file.</summary>
    public bool TryReadAfter(long position, int max, out IReadOnlyList<JournalEntry> entries)
    {
        lock (_lock)
        {
            if (position < _floor)
            {
                entries = [];
                return false;
            }

            var first = FirstAfter(position);
            var found = new JournalEntry[Math.Min(max, _count - first)];
            for (var i = 0; i < found.Length; i++)
            {
                found[i] = At(first + i);
            }

            entries = found;
            return true;
        }
    }

    private JournalEntry At(int index) => _ring[(_oldest + index) % _ring.Length];

    // Positions rise strictly, so a binary search finds the first entry after the position.
    private int FirstAfter(long position)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (At(middle).Position <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
