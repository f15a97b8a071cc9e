using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// Instruments of the InfluxDB writer (meter <c>Linzi.Heritage.Storage</c>): points written, failed write
/// attempts, parked points, batch write duration, and the circuit breaker's state (0 closed, 1 open, 2 half-open,
/// 3 isolated). It also keeps the write durations since the last <see cref="TakeWriteDurations"/> for the
/// operations snapshot that Grafana charts. Thread-safe.
/// </summary>
public sealed class InfluxWriteMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Linzi.Heritage.Storage";

    private readonly Counter<long> _written;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _parked;
    private readonly Histogram<double> _duration;
    private readonly Lock _window = new();
    private long _batches;
    private double _totalMs;
    private double _maxMs;

    /// <summary>Creates the instruments.</summary>
    public InfluxWriteMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _written = meter.CreateCounter<long>("heritage.influx.points_written", "{point}", "Points InfluxDB accepted");
        _failures = meter.CreateCounter<long>("heritage.influx.write_failures", "{attempt}", "Write attempts that failed (retried or split)");
        _parked = meter.CreateCounter<long>("heritage.influx.points_parked", "{point}", "Points InfluxDB refused as malformed, parked");
        _duration = meter.CreateHistogram<double>("heritage.influx.write_duration", "ms", "Time to write one batch, retries included");
        meter.CreateObservableGauge("heritage.influx.circuit_state", () => (int)Circuit.CircuitState, "{state}", "0 closed, 1 open, 2 half-open, 3 isolated");
    }

    /// <summary>The write pipeline's circuit breaker, observed for the gauge.</summary>
    public CircuitBreakerStateProvider Circuit { get; } = new();

    internal void Written(int points) => _written.Add(points);

    internal void Failed() => _failures.Add(1);

    internal void Parked() => _parked.Add(1);

    internal void WriteTook(TimeSpan elapsed)
    {
        var ms = elapsed.TotalMilliseconds;
        _duration.Record(ms);
        lock (_window)
        {
            _batches++;
            _totalMs += ms;
            _maxMs = Math.Max(_maxMs, ms);
        }
    }

    /// <summary>Batches written since the last call, with their mean and longest duration in milliseconds; resets.</summary>
    public (long Batches, double MeanMs, double MaxMs) TakeWriteDurations()
    {
        lock (_window)
        {
            var taken = (_batches, _batches == 0 ? 0 : _totalMs / _batches, _maxMs);
            (_batches, _totalMs, _maxMs) = (0, 0, 0);
            return taken;
        }
    }
}
