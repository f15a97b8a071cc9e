using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// What one ledger change sees and writes: the active alerts, their clocks, fresh sequence numbers, and the entries
/// it collects for the ledger to commit together. Alerts written earlier in the same change are seen as written,
/// in <see cref="Active"/> too, so one change can hold many transitions (a pipeline batch's raises and clears, committed
/// with one fsync) and still keep one active alert per rule and subject.
/// Valid only inside <see cref="AlertLedger.ChangeAsync{T}"/>; not thread-safe.
/// </summary>
public sealed class LedgerScope
{
    private readonly AlertLedger _ledger;
    private readonly IAlertStore _store;
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<string, Alert> _written = new(StringComparer.Ordinal);

    // What this change has written per rule and subject: the alert as it is now open, or null once it is no longer.
    private readonly Dictionary<(string RuleId, string Subject), Alert?> _activeWritten = [];

    internal LedgerScope(AlertLedger ledger, IAlertStore store, DateTimeOffset now)
    {
        _ledger = ledger;
        _store = store;
        Now = now;
        Active = new ActiveView(this);
    }

    /// <summary>The time of the change.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Active alerts by rule and subject, with repeat counts not yet flushed and this change's writes.</summary>
    public IReadOnlyDictionary<(string RuleId, string Subject), Alert> Active { get; }

    internal IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>The next alert sequence number.</summary>
    public long NextSequence() => _ledger.NextSequence();

    /// <summary>When an active alert's escalation clock last started, if it runs.</summary>
    public DateTimeOffset? ClockStart(string alertId) => _ledger.Clock.TryGetValue(alertId, out var start) ? start : null;

    /// <summary>An alert as it now is (written in this change, active in memory, or stored), or null.</summary>
    public Alert? Find(string id) =>
        _written.GetValueOrDefault(id) ?? _ledger.Active.Values.FirstOrDefault(a => a.Id == id) ?? _store.Get(id);

    /// <summary>Whether an alert's history holds an event of this type, stored or written in this change.</summary>
    public bool HasEvent(string alertId, string type) =>
        _entries.Any(e => e.Alert.Id == alertId && e.Events.Any(v => v.Type == type)) || _store.Events(alertId).Any(e => e.Type == type);

    /// <summary>Confirmed cases with a report outstanding, as they now are.</summary>
    public IEnumerable<Alert> OpenIncidents() => _store.OpenIncidents().Select(a => _written.GetValueOrDefault(a.Id) ?? a);

    /// <summary>
    /// Counts a repeat of an active alert in memory. A repeat of an alert this change wrote goes into the row it
    /// writes instead (a batch that raises an alert and then matches again raises it once, counted twice).
    /// </summary>
    public void CountRepeat(Alert repeated)
    {
        ArgumentNullException.ThrowIfNull(repeated);
        var key = (repeated.RuleId, repeated.Subject);
        if (_activeWritten.TryGetValue(key, out var written) && written?.Id == repeated.Id)
        {
            var index = _entries.FindLastIndex(e => e.Alert.Id == repeated.Id);
            _entries[index] = _entries[index] with { Alert = repeated };
            _written[repeated.Id] = repeated;
            _activeWritten[key] = repeated;
            return;
        }

        _ledger.CountRepeat(repeated);
    }

    /// <summary>Writes an alert's new row with its events and, when it is fed, its feed entry.</summary>
    public void Write(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
        _written[entry.Alert.Id] = entry.Alert;
        var key = (entry.Alert.RuleId, entry.Alert.Subject);
        // As the ledger does after its commit: evidence or a report on an older, resolved alert of the same rule and
        // subject leaves the open one as it is.
        if (!Active.TryGetValue(key, out var open) || open.Id == entry.Alert.Id)
        {
            _activeWritten[key] = entry.Alert.IsActive ? entry.Alert : null;
        }
    }

    /// <summary>The ledger's active alerts with this change's writes laid over them.</summary>
    private sealed class ActiveView(LedgerScope scope) : IReadOnlyDictionary<(string RuleId, string Subject), Alert>
    {
        public Alert this[(string RuleId, string Subject) key] =>
            TryGetValue(key, out var alert) ? alert : throw new KeyNotFoundException($"no active alert of {key.RuleId} for {key.Subject}");

        public IEnumerable<(string RuleId, string Subject)> Keys => this.Select(p => p.Key);

        public IEnumerable<Alert> Values => this.Select(p => p.Value);

        public int Count
        {
            get
            {
                var count = 0;
                using var pairs = GetEnumerator();
                while (pairs.MoveNext())
                {
                    count++;
                }

                return count;
            }
        }

        public bool ContainsKey((string RuleId, string Subject) key) => TryGetValue(key, out _);

        public bool TryGetValue((string RuleId, string Subject) key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Alert value)
        {
            if (scope._activeWritten.TryGetValue(key, out var written))
            {
                value = written;
                return written is not null;
            }

            return scope._ledger.Active.TryGetValue(key, out value);
        }

        public IEnumerator<KeyValuePair<(string RuleId, string Subject), Alert>> GetEnumerator()
        {
            foreach (var pair in scope._ledger.Active)
            {
                if (!scope._activeWritten.ContainsKey(pair.Key))
                {
                    yield return pair;
                }
            }

            foreach (var (key, alert) in scope._activeWritten)
            {
                if (alert is not null)
                {
                    yield return new(key, alert);
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
