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
/// Several instances sharing one store (PostgreSQL) each run a ledger. They take turns (<see cref="IAlertStore.HoldLedger"/>,
/// a PostgreSQL advisory lock for one change); each change first looks at the store's ledger version and reloads the
/// caches when another instance committed since; and each commit checks that version again
/// (<see cref="IAlertStore.Commit(IReadOnlyList{LedgerEntry}, long)"/>), so a change decided on stale state is refused
/// and decided again, with what its attempt counted in memory given back first. So the sequence stays global and
/// gapless, and one active alert per rule and subject holds across instances. Repeats not yet written are kept as
/// counts and added to the reloaded rows, so instances counting repeats of one alert add up.
/// </remarks>
public sealed partial class AlertLedger(IAlertStore store, IAlertFeed feed, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly CommitSignal _committed = new();
    private readonly Dictionary<(string RuleId, string Subject), PendingRepeats> _pendingRepeats = [];
    private Dictionary<(string RuleId, string Subject), Alert>? _active;
    private Dictionary<string, DateTimeOffset>? _clock;
    private long _conflicts;
    private long _sequence = -1;
    private long _version = -1; // the store's ledger version the caches were loaded at or after; -1 until read

    /// <summary>How often a change is decided again after losing a race to another instance's commit.</summary>
    internal const int MaxAttempts = 10;

    /// <summary>Wake-ups after each commit that fed the feed.</summary>
    public ChannelReader<bool> SubscribeToCommits() => _committed.Subscribe();

    /// <summary>Wakes the feed's followers after another instance committed to the shared feed.</summary>
    public void WakeFollowers() => _committed.Notify();

    /// <summary>
    /// Runs <paramref name="change"/> under the ledger's lock and commits what it wrote, all or nothing. When another
    /// instance committed first, <paramref name="change"/> runs again on reloaded state, so it must act only through
    /// its scope (or undo its own bookkeeping when it starts).
    /// </summary>
    public async Task<T> ChangeAsync<T>(Func<LedgerScope, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _lock.WaitAsync();
        try
        {
            using var held = store.HoldLedger(); // instances sharing the store take turns
            for (var attempt = 1; ; attempt++)
            {
                // On a shared store another instance may have changed alerts since this ledger last looked, and a
                // change that writes nothing (nothing due, nothing to clear) would never learn it from a refused
                // commit: one look at the version first. Read before any cache is loaded, so the caches are at least
                // as new as the version the commit checks.
                var current = _version < 0 || store.Shared ? store.Version() : _version;
                if (current != _version)
                {
                    Forget();
                    _version = current;
                }

                var start = Sequence;
                var pending = new Dictionary<(string RuleId, string Subject), PendingRepeats>(_pendingRepeats);
                var scope = new LedgerScope(this, store, time.GetUtcNow());
                try
                {
                    var result = change(scope);
                    Commit(scope.Entries, start);
                    return result;
                }
                catch (Exception failure)
                {
                    // What this attempt counted in memory is undone: a retry counts it again, and so does the replay
                    // of a batch that failed for good. Repeats counted by earlier, committed changes stay.
                    _pendingRepeats.Clear();
                    foreach (var (key, repeats) in pending)
                    {
                        _pendingRepeats[key] = repeats;
                    }

                    Forget();
                    if (failure is LedgerConflictException && attempt < MaxAttempts)
                    {
                        Interlocked.Increment(ref _conflicts);
                        continue;
                    }

                    throw;
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>How many changes were decided again because another instance committed first.</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>Writes the repeats counted since the last flush in one transaction, each with a new sequence.</summary>
    public Task FlushRepeatsAsync() => ChangeAsync(scope =>
    {
        foreach (var (key, pending) in _pendingRepeats.ToList())
        {
            if (!Active.TryGetValue(key, out var alert) || alert.Id != pending.AlertId)
            {
                _pendingRepeats.Remove(key); // resolved meanwhile (through another instance): nothing left to publish
                continue;
            }

            scope.Write(new LedgerEntry(alert with { Sequence = scope.NextSequence(), UpdatedAt = scope.Now }, [], AlertPush.Updated));
        }

        return scope.Entries.Count;
    });

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    // Under the lock only.
    internal Dictionary<(string RuleId, string Subject), Alert> Active => _active ??= LoadActive();

    // Under the lock only: the time of each active alert's latest clock event, loaded from the stored history.
    internal Dictionary<string, DateTimeOffset> Clock => _clock ??= store.ClockStarts();

    // Under the lock only.
    internal long Sequence => _sequence < 0 ? _sequence = store.MaxSequence() : _sequence;

    // Under the lock only.
    internal long NextSequence() => _sequence = Sequence + 1;

    // Under the lock only: drops every cache, to be reloaded from the store by the next change. Repeats still pending
    // are kept as counts and laid on the reloaded alerts.
    private void Forget()
    {
        _active = null;
        _clock = null;
        _sequence = -1;
        _version = -1;
    }

    // Under the lock only: a repeat is counted in memory and written by the next flush (or with the next change).
    internal void CountRepeat(Alert repeated)
    {
        var key = (repeated.RuleId, repeated.Subject);
        var added = Active.TryGetValue(key, out var before) && before.Id == repeated.Id ? repeated.Occurrences - before.Occurrences : 1;
        var pending = _pendingRepeats.TryGetValue(key, out var earlier) && earlier.AlertId == repeated.Id ? earlier.Count : 0;
        Active[key] = repeated;
        _pendingRepeats[key] = new PendingRepeats(repeated.Id, pending + added, repeated.LastValue, repeated.LastAt);
    }

    // Under the lock only: the stored active alerts, with the repeats this ledger counted and has not written yet laid
    // on top (after a reload, another instance may have written its own repeats of the same alert meanwhile).
    private Dictionary<(string RuleId, string Subject), Alert> LoadActive()
    {
        var active = store.Active().ToDictionary(a => (a.RuleId, a.Subject));
        foreach (var (key, pending) in _pendingRepeats)
        {
            if (active.TryGetValue(key, out var alert) && alert.Id == pending.AlertId)
            {
                active[key] = alert with
                {
                    Occurrences = alert.Occurrences + pending.Count,
                    LastValue = alert.LastAt > pending.LastAt ? alert.LastValue : pending.LastValue,
                    LastAt = alert.LastAt > pending.LastAt ? alert.LastAt : pending.LastAt,
                };
            }
        }

        return active;
    }

    // Repeats of one active alert counted in memory since its row was last written.
    private readonly record struct PendingRepeats(string AlertId, int Count, double LastValue, DateTimeOffset LastAt);

    // Under the lock only: commits, then keeps the caches in step (after a failed commit ChangeAsync drops them).
    private void Commit(IReadOnlyList<LedgerEntry> entries, long start)
    {
        if (entries.Count == 0)
        {
            _sequence = start; // Numbers drawn for a refused transition were not used: the sequence stays gapless.
            return;
        }

        var positions = store.Commit(entries, _version);
        _version++;
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
                // Published with a new number, counts included.
                _pendingRepeats.Remove(key);
            }
            else if (_pendingRepeats.TryGetValue(key, out var pending) && pending.AlertId == alert.Id)
            {
                // Evidence and reminders keep the alert's number: the counts they carry are in the row now (so a
                // reload must not add them again), and the next flush still publishes them.
                _pendingRepeats[key] = pending with { Count = 0 };
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
            if (!store.Shared)
            {
                AppendToTail(entries, positions);
            }

            _committed.Notify();
        }
    }
}
