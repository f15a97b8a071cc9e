
namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>A history query: one device, optionally one metric, a half-open time range, optional bucket size.</summary>
public sealed record HistoryQuery(string DeviceId, string? Metric, DateTimeOffset From, DateTimeOffset To, TimeSpan? Every);

/// <summary>
/// A point of history. Raw points carry only <see cref="Value"/>; downsampled ones are the mean of a bucket that
/// starts at <see cref="Ts"/>, with its min, max and count.
/// </summary>
public sealed record SeriesPoint(string Metric, DateTimeOffset Ts, double Value, double? Min = null, double? Max = null, long? Count = null);

/// <summary>
/// The time-series port: SQLite embedded, InfluxDB in production. Writes are idempotent: a point is identified by
/// device, metric and the device's timestamp, so a replayed reading overwrites itself.
/// </summary>
public interface ITimeSeriesStore
{
    /// <summary>Writes a batch of readings.</summary>
    Task WriteAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken);

    /// <summary>History, raw or downsampled, oldest first.</summary>
    Task<IReadOnlyList<SeriesPoint>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken);

    /// <summary>The newest value of each metric of a device.</summary>
    Task<IReadOnlyList<SeriesPoint>> LatestAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes raw samples before <paramref name="rawCutoff"/> and roll-ups before <paramref name="rollupCutoff"/>;
    /// returns how many. A store that expires data itself (InfluxDB's retention policy) deletes nothing here.
    /// </summary>
    (int Samples, int Rollups) DeleteOlderThan(DateTimeOffset rawCutoff, DateTimeOffset rollupCutoff);
}
