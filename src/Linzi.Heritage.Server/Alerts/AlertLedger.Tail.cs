using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// The feed's newest changes, kept in memory as they are committed, so that a consumer keeping up (the live push
/// above all) reads them without a query and without decoding the stored copies: a burst of alerts then reaches the
/// phones as fast as it is committed. A consumer further behind than the tail reaches reads the store.
/// </summary>
/// <remarks>
/// The tail holds only what this ledger committed, so it is kept only while this ledger is the feed's only writer
/// (<see cref="IAlertStore.Shared"/> false). Instances sharing a store read their consumers' changes from the store.
/// </remarks>
public sealed partial class AlertLedger
{
    private const int TailCapacity = 4_096;
    private readonly Queue<AlertChange> _tail = new();
    private readonly Lock _tailLock = new();
    private long _tailFloor = -1; // every change after this position is in the tail; -1 until the first commit

    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="position"/>, oldest first: from memory when it has them.</summary>
    public IReadOnlyList<AlertChange> ChangesAfter(long position, int limit)
    {
        lock (_tailLock)
        {
            if (_tailFloor >= 0 && position >= _tailFloor)
            {
                return [.. _tail.Where(c => c.Position > position).Take(limit)];
            }
        }

        return feed.ChangesAfter(position, limit);
    }

    // Under the ledger's lock, after a commit: the fed entries with the positions the store gave them, in order.
    private void AppendToTail(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<long> positions)
    {
        lock (_tailLock)
        {
            if (_tailFloor < 0)
            {
                _tailFloor = positions[0] - 1;
            }

            var fed = entries.Where(e => e.IsFed).ToList();
            for (var i = 0; i < fed.Count; i++)
            {
                _tail.Enqueue(new AlertChange(positions[i], fed[i].Alert, fed[i].Push, fed[i].Notice));
            }

            while (_tail.Count > TailCapacity)
            {
                _tailFloor = _tail.Dequeue().Position;
            }
        }
    }
}
