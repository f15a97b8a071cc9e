using System.Threading.Channels;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Feeds;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// The only writer of alert state. Every transition of every alert (raise, repeat, clear, acknowledge, resolve,
/// hand over, escalate, remind, report, evidence) runs inside <see cref="ChangeAsync{T}"/>: under one lock it
/// assigns the rising sequence, and what the change wrote is committed in one transaction with its hash-chained
/// events and its feed entries. Consumers then follow the feed (<see cref="IAlertFeed"/>): nothing is pushed or sent
/// from here, so a crash after the commit loses no notification.
/// </summary>
/// <remarks>
/// Concurrency: one <see cref="SemaphoreSlim"/> serialises every change, which keeps "at most one active alert per
/// rule and subject", the sequence and each alert's hash chain exact. Active alerts and their escalation clocks are
/// cached in memory (loaded once, kept in step after each commit), so a sustained breach, which matches on every
/// reading, costs no query: its repeats are counted in memory and written by <see cref="FlushRepeatsAsync"/>.
/// </remarks>
public sealed partial class AlertLedger(IAlertStore store, IAlertFeed feed, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CommitSignal _committed = new();
    private readonly HashSet<(string RuleId, string Subject)> _pendingRepeats = [];
    private Dictionary<(string RuleId, string Subject), Alert>? _active;
    private Dictionary<string, DateTimeOffset>? _clock;
    private long _sequence = -1;

    /// <summary>Wake-ups after each commit that fed the feed.</summary>
    public ChannelReader<bool> SubscribeToCommits() => _committed.Subscribe();

    /// <summary>Runs <paramref name="change"/> under the ledger's lock and commits what it wrote, all or nothing.</summary>
    public async Task<T> ChangeAsync<T>(Func<LedgerScope, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _lock.WaitAsync();
        try
        {
            var start = Sequence;
            var scope = new LedgerScope(this, store, time.GetUtcNow());
            T result;
            try
            {
                result = change(scope);
            }
            catch
            {
                _sequence = start;
                throw;
            }

            Commit(scope.Entries, start);
            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Writes the repeats counted since the last flush in one transaction, each with a new sequence.</summary>
    public Task FlushRepeatsAsync() => ChangeAsync(scope =>
    {
        foreach (var key in _pendingRepeats)
        {
            scope.Write(new LedgerEntry(Active[key] with { Sequence = scope.NextSequence(), UpdatedAt = scope.Now }, [], AlertPush.Updated));
        }

        return _pendingRepeats.Count;
    });

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    // Under the lock only.
    internal Dictionary<(string RuleId, string Subject), Alert> Active => _active ??= store.Active().ToDictionary(a => (a.RuleId, a.Subject));

    // Under the lock only: the time of each active alert's latest clock event, loaded from the stored history.
    internal Dictionary<string, DateTimeOffset> Clock => _clock ??= store.ClockStarts();

    // Under the lock only.
    internal long Sequence => _sequence < 0 ? _sequence = store.MaxSequence() : _sequence;

    // Under the lock only.
    internal long NextSequence() => _sequence = Sequence + 1;

    // Under the lock only: a repeat is counted in memory and written by the next flush (or with the next change).
    internal void CountRepeat(Alert repeated)
    {
        var key = (repeated.RuleId, repeated.Subject);
        Active[key] = repeated;
        _pendingRepeats.Add(key);
    }

    // Under the lock only: commits, then keeps the caches in step (a failed commit leaves them as they were).
    private void Commit(IReadOnlyList<LedgerEntry> entries, long start)
    {
        if (entries.Count == 0)
        {
            _sequence = start; // Numbers drawn for a refused transition were not used: the sequence stays gapless.
            return;
        }

        IReadOnlyList<long> positions;
        try
        {
            positions = store.Commit(entries);
        }
        catch
        {
            _sequence = -1; // Re-read from the store; in-memory repeat counts stay and are written with the next change.
            throw;
        }

        _sequence = Math.Max(start, entries.Max(e => e.Alert.Sequence));
        foreach (var (alert, events, push, _) in entries)
        {
            var key = (alert.RuleId, alert.Subject);
            if (Active.TryGetValue(key, out var open) && open.Id != alert.Id)
            {
                continue; // An older, resolved alert of the same rule and subject (evidence, a report): the open one stays.
            }

            if (push != AlertPush.None)
            {
                // Published with a new number, counts included. Evidence and reminders keep the alert's number, so
                // the counts they carry into the row are still published by the next flush.
                _pendingRepeats.Remove(key);
            }
            if (!alert.IsActive)
            {
                Active.Remove(key);
                Clock.Remove(alert.Id);
                continue;
            }

            Active[key] = alert;
            foreach (var clockEvent in events.Where(e => Escalation.ClockEvents.Contains(e.Type)))
            {
                Clock[alert.Id] = clockEvent.At;
            }
        }

        if (positions.Count > 0)
        {
            AppendToTail(entries, positions);
            _committed.Notify();
        }
    }
}
