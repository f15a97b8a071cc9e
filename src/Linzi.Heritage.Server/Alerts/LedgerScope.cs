using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// What one ledger change sees and writes: the active alerts, their clocks, fresh sequence numbers, and the entries
/// it collects for the ledger to commit together. Alerts written earlier in the same change are seen as written.
/// Valid only inside <see cref="AlertLedger.ChangeAsync{T}"/>; not thread-safe.
/// </summary>
public sealed class LedgerScope
{
    private readonly AlertLedger _ledger;
    private readonly IAlertStore _store;
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<string, Alert> _written = new(StringComparer.Ordinal);

    internal LedgerScope(AlertLedger ledger, IAlertStore store, DateTimeOffset now)
    {
        _ledger = ledger;
        _store = store;
        Now = now;
    }

    /// <summary>The time of the change.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Active alerts by rule and subject, with repeat counts not yet flushed.</summary>
    public IReadOnlyDictionary<(string RuleId, string Subject), Alert> Active => _ledger.Active;

    internal IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>The next alert sequence number.</summary>
    public long NextSequence() => _ledger.NextSequence();

    /// <summary>When an active alert's escalation clock last started, if it runs.</summary>
    public DateTimeOffset? ClockStart(string alertId) => _ledger.Clock.TryGetValue(alertId, out var start) ? start : null;

    /// <summary>An alert as it now is (written in this change, active in memory, or stored), or null.</summary>
    public Alert? Find(string id) =>
        _written.GetValueOrDefault(id) ?? _ledger.Active.Values.FirstOrDefault(a => a.Id == id) ?? _store.Get(id);

    /// <summary>Confirmed cases with a report outstanding, as they now are.</summary>
    public IEnumerable<Alert> OpenIncidents() => _store.OpenIncidents().Select(a => _written.GetValueOrDefault(a.Id) ?? a);

    /// <summary>Counts a repeat of an active alert in memory.</summary>
    public void CountRepeat(Alert repeated) => _ledger.CountRepeat(repeated);

    /// <summary>Writes an alert's new row with its events and, when it is fed, its feed entry.</summary>
    public void Write(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
        _written[entry.Alert.Id] = entry.Alert;
    }
}
