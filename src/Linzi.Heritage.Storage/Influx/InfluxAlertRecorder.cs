using System.Threading.Channels;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// Writes every alert transition to the InfluxDB measurement <c>alerts</c> (tags <c>rule</c>, <c>severity</c>,
/// <c>state</c>, <c>site</c>, <c>cell</c>, <c>device</c>; fields <c>value</c>, <c>sequence</c>), so Grafana can chart
/// alerts beside readings. Alerts themselves live in SQLite; this is a copy for charts.
/// </summary>
/// <remarks>
/// Concurrency: <see cref="Record"/> only queues, so a slow or absent InfluxDB never delays the rules. One loop
/// writes in order and retries until InfluxDB answers. While it is away the queue holds the newest 10,000
/// transitions; older ones are dropped from the chart copy (and logged), never from SQLite.
/// </remarks>
public sealed class InfluxAlertRecorder(IOptions<InfluxDbOptions> options, TimeProvider time, ILogger<InfluxAlertRecorder> logger)
    : BackgroundService
{
    /// <summary>The measurement name.</summary>
    public const string Measurement = "alerts";

    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <summary>Queues a transition for writing.</summary>
    public void Record(Alert alert)
    {
        if (!_queue.Writer.TryWrite(alert))
        {
            logger.AlertChartCopyDropped(alert.Id);
        }
    }

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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = options.Value.CreateClient();
        var api = client.GetWriteApiAsync();
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                while (true)
                {
                    try
                    {
                        await api.WritePointAsync(ToPoint(alert), options.Value.Bucket, options.Value.Org, stoppingToken);
                        break;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        logger.AlertChartWriteFailed(ex);
                        await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; queued chart copies are lost, the alerts are in SQLite.
        }
    }
}
