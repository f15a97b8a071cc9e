namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// Port: a copy of alert transitions beside the readings, for charts (InfluxDB for Grafana). The alerts themselves
/// live in the alert store; a write that fails throws, and the feed consumer retries from its checkpoint.
/// </summary>
public interface IAlertChartCopy
{
    /// <summary>Writes the transitions, in order; idempotent (a point is identified by its alert, state and time).</summary>
    Task WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken);
}
