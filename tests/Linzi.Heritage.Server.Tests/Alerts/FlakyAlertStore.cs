using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// An <see cref="IAlertStore"/> that passes everything to the real one, except that after <see cref="FailNextCommit"/>
/// the next commit throws before anything is written (a full disk, a locked database). Thread-safe.
/// </summary>
internal sealed class FlakyAlertStore(IAlertStore inner) : IAlertStore
{
    private int _failNext;

    public int FailedCommits { get; private set; }

    public int Commits { get; private set; }

    public void FailNextCommit() => Interlocked.Exchange(ref _failNext, 1);

    /// <summary>Set to report the store as shared with other instances (as PostgreSQL is), whatever the inner one says.</summary>
    public bool? SharedOverride { get; set; }

    public bool Shared => SharedOverride ?? inner.Shared;

    public IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries) => Commit(entries, inner.Version());

    /// <summary>Run once just before the next commit: another instance committing first.</summary>
    public Action? BeforeNextCommit { get; set; }

    public IReadOnlyList<long> Commit(IReadOnlyList<LedgerEntry> entries, long expectedVersion)
    {
        if (BeforeNextCommit is { } before)
        {
            BeforeNextCommit = null;
            before();
        }

        if (Interlocked.Exchange(ref _failNext, 0) == 1)
        {
            FailedCommits++;
            throw new IOException("disk full (test)");
        }

        Commits++;
        return inner.Commit(entries, expectedVersion);
    }

    public long Version() => inner.Version();

    public IDisposable HoldLedger() => inner.HoldLedger();

    public long MaxSequence() => inner.MaxSequence();

    public Alert? Get(string id) => inner.Get(id);

    public IReadOnlyList<Alert> Active() => inner.Active();

    public Dictionary<string, DateTimeOffset> ClockStarts() => inner.ClockStarts();

    public IReadOnlyList<Alert> OpenIncidents() => inner.OpenIncidents();

    public IReadOnlyList<(Alert Alert, IReadOnlyList<AlertEvent> Events)> WithEvents(DateTimeOffset from, DateTimeOffset to, bool drill) =>
        inner.WithEvents(from, to, drill);

    public IReadOnlyList<Alert> Query(AlertQuery query) => inner.Query(query);

    public IReadOnlyList<AlertEvent> Events(string alertId) => inner.Events(alertId);

    public ChainVerification VerifyChain(string alertId) => inner.VerifyChain(alertId);

    public AlertChainsVerification VerifyChains() => inner.VerifyChains();

    public AlertChainsHead ChainsHead() => inner.ChainsHead();
}
