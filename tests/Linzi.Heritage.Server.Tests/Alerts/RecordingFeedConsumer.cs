using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Alerts.Feed;
using Microsoft.Extensions.Logging.Abstractions;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>
/// A feed consumer that records every batch it is given, and fails a round when told to (after recording it, as a
/// consumer that crashed half-way would). Not thread-safe: tests call <c>RunOnceAsync</c> one round at a time.
/// </summary>
internal sealed class RecordingFeedConsumer(
    IAlertFeed feed, AlertLedger ledger, TimeProvider time, LeaseKeeper leases, string name = "recording", bool persistent = true)
    : AlertFeedConsumer(feed, ledger, time, leases, NullLogger.Instance)
{
    private bool _failNext;

    public override string Name => name;

    public override bool Persistent => persistent;

    /// <summary>Every delivered batch, as feed positions.</summary>
    public List<long[]> Batches { get; } = [];

    public void FailNextRound() => _failNext = true;

    protected override Task ProcessAsync(IReadOnlyList<AlertChange> batch, CancellationToken cancellationToken)
    {
        Batches.Add([.. batch.Select(c => c.Position)]);
        if (_failNext)
        {
            _failNext = false;
            throw new InvalidOperationException("consumer failed (test)");
        }

        return Task.CompletedTask;
    }
}
