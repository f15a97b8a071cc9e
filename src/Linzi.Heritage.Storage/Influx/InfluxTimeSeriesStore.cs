using System.Diagnostics;
using System.Globalization;
using InfluxDB.Client;
using InfluxDB.Client.Writes;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// The InfluxDB time-series store. Writes go through InfluxDB.Client's <see cref="WriteApiAsync"/> (v2 write
/// endpoint) inside the <see cref="InfluxWritePipeline"/>; a batch the server refuses as malformed is split in halves
/// until the bad point stands alone, and that point is parked and counted, so one bad point never blocks the stream.
/// Reads use InfluxQL over <c>/query</c> (<see cref="InfluxQueryReader"/>). Thread-safe.
/// </summary>
public sealed class InfluxTimeSeriesStore(
    IOptions<InfluxDbOptions> options,
    RegistryHolder registry,
    ResiliencePipelineProvider<string> pipelines,
    InfluxQueryReader reader,
    ParkedPointStore parked,
    InfluxWriteMetrics metrics) : ITimeSeriesStore, IDisposable
{
    private readonly InfluxDBClient _client = options.Value.CreateClient();

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(InfluxWritePipeline.Name);

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken) =>
        WriteSplittingAsync(InfluxPoints.From(readings, registry.Current), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesPoint>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken) =>
        reader.QueryAsync(query, MetricsOf(query.DeviceId, query.Metric), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SeriesPoint>> LatestAsync(string deviceId, CancellationToken cancellationToken) =>
        reader.LatestAsync(deviceId, MetricsOf(deviceId, null), cancellationToken);

    /// <inheritdoc />
    public (int Samples, int Rollups) DeleteOlderThan(DateTimeOffset rawCutoff, DateTimeOffset rollupCutoff) => (0, 0); // the retention policy expires data

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private IReadOnlyList<string> MetricsOf(string deviceId, string? metric) =>
        metric is not null ? [metric]
        : registry.Current.Devices.TryGetValue(deviceId, out var device) ? device.Metrics
        : [];

    private async Task WriteSplittingAsync(List<PointData> points, CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await _pipeline.ExecuteAsync(WriteOnceAsync, points, cancellationToken);
            metrics.WriteTook(Stopwatch.GetElapsedTime(started));
            metrics.Written(points.Count);
        }
        catch (InfluxWriteException ex) when (ex.IsPoison)
        {
            metrics.Failed();
            if (points.Count == 1)
            {
                parked.Park(points[0].ToLineProtocol(), ex.Status, ex.Body);
                metrics.Parked();
                return;
            }

            // InfluxDB 1.x writes the good points of a partly bad batch anyway; rewriting them is harmless because
            // a point's identity is its series and timestamp.
            var half = points.Count / 2;
            await WriteSplittingAsync(points[..half], cancellationToken);
            await WriteSplittingAsync(points[half..], cancellationToken);
        }
    }

    private async ValueTask WriteOnceAsync(List<PointData> points, CancellationToken cancellationToken)
    {
        RestSharp.RestResponse[] responses;
        try
        {
            responses = await _client.GetWriteApiAsync()
                .WritePointsAsyncWithIRestResponse(points, options.Value.Bucket, options.Value.Org, cancellationToken);
        }
        catch (InfluxDB.Client.Core.Exceptions.HttpException ex)
        {
            // The client throws for some statuses instead of returning the response; classify both the same way.
            throw new InfluxWriteException(ex.Status, null, ex.Message);
        }

        foreach (var response in responses)
        {
            if (response.IsSuccessful)
            {
                continue;
            }

            var retryAfter = response.Headers?.FirstOrDefault(h => string.Equals(h.Name, "Retry-After", StringComparison.OrdinalIgnoreCase))?.Value?.ToString();
            TimeSpan? delay = int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
            throw new InfluxWriteException((int)response.StatusCode, delay, response.Content ?? response.ErrorMessage ?? "no answer");
        }
    }
}
