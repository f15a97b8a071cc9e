using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Hosting;

namespace Linzi.Heritage.Server.Alerts.Feed;

/// <summary>
/// Feed consumer <c>chart-copy</c> (with InfluxDB as the time-series store): copies every alert transition beside
/// the readings for Grafana. While InfluxDB is away it falls behind and catches up; nothing is dropped.
/// </summary>
public sealed class ChartCopyFeed(IAlertFeed feed, AlertLedger ledger, IAlertChartCopy copy, TimeProvider time, LeaseKeeper leases,
    ILogger<ChartCopyFeed> logger)
    : AlertFeedConsumer(feed, ledger, time, leases, logger)
{
    /// <inheritdoc />
    public override string Name => "chart-copy";

    /// <inheritdoc />
    protected override Task ProcessAsync(IReadOnlyList<AlertChange> batch, CancellationToken cancellationToken)
    {
        List<Alert> transitions = [.. batch.Where(c => c.Push != AlertPush.None).Select(c => c.Alert)];
        return transitions.Count == 0 ? Task.CompletedTask : copy.WriteAsync(transitions, cancellationToken);
    }
}
