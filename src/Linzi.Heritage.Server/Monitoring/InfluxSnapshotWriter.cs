using InfluxDB.Client;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Storage.Influx;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// Writes the <see cref="OperationsSnapshot"/> to InfluxDB every <c>InfluxDb:SnapshotInterval</c> (30 s), when
/// InfluxDB is the time-series store. A failed round is logged; the next one writes the state as it is then, so
/// nothing accumulates while InfluxDB is away (the snapshot is a chart copy; the truth stays in the server).
/// </summary>
public sealed class InfluxSnapshotWriter(
    IServiceProvider services,
    IOptions<InfluxDbOptions> options,
    TimeProvider time,
    ILogger<InfluxSnapshotWriter> logger) : PeriodicService(time), IDisposable
{
    private readonly InfluxDBClient _client = options.Value.CreateClient();

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.SnapshotInterval;

    /// <inheritdoc />
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var live = services.GetRequiredService<LiveReadings>();
        var status = services.GetRequiredService<DeviceStatusTracker>();
        var points = OperationsSnapshot.Points(
            Time.GetUtcNow(),
            Environment.MachineName,
            IngestionEndpoints.Collect(services),
            services.GetRequiredService<InfluxWriteMetrics>().TakeWriteDurations(),
            services.GetRequiredService<IAlertStore>().Active(),
            services.GetRequiredService<RegistryHolder>().Current,
            status.Get,
            live.Latest);
        var settings = options.Value;
        await _client.GetWriteApiAsync().WritePointsAsync(points, settings.Bucket, settings.Org, cancellationToken);
    }

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.SnapshotFailed(exception);

    /// <inheritdoc />
    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
