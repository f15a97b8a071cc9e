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
    private readonly List<JournalEntry> _entries = [];
    private readonly int _capacity;
    private long _floor;

    /// <param name="floor">The newest position already in the file: entries after it are appended here.</param>
    /// <param name="capacity">How many entries are kept at least; twice as many before the oldest are dropped.</param>
    public JournalTail(long floor, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _floor = floor;
        _capacity = capacity;
    }

    /// <summary>Adds just-committed entries, in position order.</summary>
    public void Append(List<JournalEntry> committed)
    {
        lock (_lock)
        {
            _entries.AddRange(committed);
            if (_entries.Count > 2 * _capacity)
            {
                // Dropped in one go, so the copy is paid once per capacity entries, not once per commit.
                var dropped = _entries.Count - _capacity;
                _floor = _entries[dropped - 1].Position;
                _entries.RemoveRange(0, dropped);
            }
        }
    }

    /// <summary>Forgets the entries before <paramref name="position"/>: retention deleted them from the file.</summary>
    public void DropBefore(long position)
    {
        lock (_lock)
        {
            _entries.RemoveRange(0, FirstAfter(position - 1));
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

            var start = FirstAfter(position);
            entries = _entries.GetRange(start, Math.Min(max, _entries.Count - start));
            return true;
        }
    }

    // Positions rise strictly, so a binary search finds the first entry after the position.
    private int FirstAfter(long position)
    {
        int low = 0, high = _entries.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_entries[middle].Position <= position)
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
