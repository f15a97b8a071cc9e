namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// Port: alerts, their hash-chained histories and the change feed. Only the alert ledger writes
/// (<see cref="Commit(IReadOnlyList{LedgerEntry}, long)"/>); everything else reads. Implementations are thread-safe.
/// </summary>
public interface IAlertStore
{
    /// <summary>The highest alert sequence number used so far (0 when none).</summary>
    long MaxSequence();

    /// <summary>
    /// Writes every entry in one transaction: each alert row, its events chained onto its history (each event's hash
    /// covers the one before), and the feed entries. All or nothing.
    /// </summary>
    /// <returns>The feed positions of the fed entries (<see cref="LedgerEntry.IsFed"/>), in order.</returns>
    IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries);

    /// <summary>
    /// The ledger's version: one more with every commit, whichever instance made it. A writer that read the store at
    /// version v and commits with <see cref="Commit(IReadOnlyList{LedgerEntry}, long)"/> knows nobody else wrote since.
    /// </summary>
    long Version();

    /// <summary>
    /// As <see cref="Commit(IReadOnlyList{LedgerEntry})"/>, but only while the ledger is still at
    /// <paramref name="expectedVersion"/>; commits are serialised, so positions in the feed rise in commit order.
    /// </summary>
    /// <exception cref="LedgerConflictException">Another commit came first; nothing was written.</exception>
    IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries, long expectedVersion);

    /// <summary>
    /// Holds the ledger for one change until disposed, across every instance sharing the store, so that instances
    /// take turns instead of racing and deciding again (which, under load, could starve one of them). A no-op where
    /// one process owns the store. The version check of a commit stays the guard.
    /// </summary>
    IDisposable HoldLedger();

    /// <summary>
    /// True when other instances may write to the same store, so this instance's own commits are not all the feed
    /// holds (PostgreSQL); false for the embedded store, which one process owns.
    /// </summary>
    bool Shared { get; }

    /// <summary>An alert by id, or null.</summary>
    Alert? Get(string id);

    /// <summary>Every active (unresolved) alert.</summary>
    IReadOnlyList<Alert> Active();

    /// <summary>For every active alert, the time of its latest clock event (<see cref="Escalation.ClockEvents"/>).</summary>
    Dictionary<string, DateTimeOffset> ClockStarts();

    /// <summary>Confirmed cases with a report still outstanding.</summary>
    IReadOnlyList<Alert> OpenIncidents();

    /// <summary>Alerts raised in [from, to) with their histories, drills or real ones, system alerts left out.</summary>
    IReadOnlyList<(Alert Alert, IReadOnlyList<AlertEvent> Events)> WithEvents(DateTimeOffset from, DateTimeOffset to, bool drill);

    /// <summary>Alerts matching the filters, newest change first.</summary>
    IReadOnlyList<Alert> Query(AlertQuery query);

    /// <summary>An alert's history, oldest first.</summary>
    IReadOnlyList<AlertEvent> Events(string alertId);

    /// <summary>Walks an alert's history and checks its hash chain.</summary>
    ChainVerification VerifyChain(string alertId);

    /// <summary>Checks every alert's hash chain.</summary>
    AlertChainsVerification VerifyChains();

    /// <summary>One digest over every alert's chain head, for anchors.</summary>
    AlertChainsHead ChainsHead();
}
