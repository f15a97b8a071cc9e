using System.Diagnostics.Metrics;

namespace Linzi.Heritage.Ingestion.Edge;

/// <summary>
/// Counters of the ingestion edge, readable by the API and exported as <c>System.Diagnostics.Metrics</c>
/// instruments (meter <c>Linzi.Heritage.Ingestion</c>). Thread-safe (interlocked).
/// </summary>
public sealed class IngestionStats
{
    /// <summary>The meter name for OpenTelemetry or dotnet-counters.</summary>
    public const string MeterName = "Linzi.Heritage.Ingestion";

    private readonly Counter<long> _acceptedCounter;
    private long _accepted;
    private long _duplicates;
    private long _gaps;
    private long _refused;

    /// <summary>Creates the instruments.</summary>
    public IngestionStats(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _acceptedCounter = meter.CreateCounter<long>("heritage.readings.accepted", "{reading}", "Readings durably journaled");
        meter.CreateObservableCounter("heritage.readings.duplicates", () => Duplicates, "{reading}", "Readings dropped as duplicates");
        meter.CreateObservableCounter("heritage.readings.gaps", () => Gaps, "{gap}", "Breaks in device sequence numbers");
    }

    /// <summary>Readings journaled since start.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Readings dropped as duplicates since start.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Sequence gaps seen since start.</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Publishes refused because the journal backlog was at its bound.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    internal void AddRefused() => Interlocked.Increment(ref _refused);

    internal void AddAccepted(int count)
    {
        Interlocked.Add(ref _accepted, count);
        _acceptedCounter.Add(count);
    }

    internal void AddDuplicates(int count) => Interlocked.Add(ref _duplicates, count);

    internal void AddGap() => Interlocked.Increment(ref _gaps);
}
