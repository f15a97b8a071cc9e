using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// Writes alert transitions to the InfluxDB measurement <c>alerts</c> (tags <c>rule</c>, <c>severity</c>,
/// <c>state</c>, <c>site</c>, <c>cell</c>, <c>device</c>; fields <c>value</c>, <c>sequence</c>), so Grafana can chart
/// alerts beside readings. Alerts themselves live in the alert store; this is a copy for charts, fed from the alert
/// change feed, so an InfluxDB outage only delays it. Thread-safe.
/// </summary>
public sealed class InfluxAlertCopy(IOptions<InfluxDbOptions> options) : IAlertChartCopy, IDisposable
{
    /// <summary>The measurement name.</summary>
    public const string Measurement = "alerts";

    private readonly Lazy<InfluxDB.Client.InfluxDBClient> _client = new(() => options.Value.CreateClient());

    /// <summary>The point of one transition.</summary>
    public static PointData ToPoint(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return PointData.Measurement(Measurement)
            .Tag("rule", alert.RuleId).Tag("severity", alert.Severity.ToWire()).Tag("state", alert.State.ToWire())
            .Tag("site", alert.SiteId).Tag("cell", alert.CellId ?? "none").Tag("device", alert.DeviceId)
            .Field("value", alert.Value).Field("sequence", alert.Sequence)
            .Timestamp(alert.UpdatedAt.ToUnixTimeMilliseconds(), WritePrecision.Ms);
    }

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var settings = options.Value;
        return _client.Value.GetWriteApiAsync().WritePointsAsync([.. alerts.Select(ToPoint)], settings.Bucket, settings.Org, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
