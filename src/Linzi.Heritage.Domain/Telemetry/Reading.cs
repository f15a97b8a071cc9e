namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>One metric's value in a reading; the metric name carries its unit (<c>ppv_mm_s</c>).</summary>
public readonly record struct MetricValue(string Name, double Value);

/// <summary>
/// One validated reading of one device, as the journal keeps it. Immutable.
/// </summary>
/// <param name="DeviceId">The publishing device, taken from the authenticated connection.</param>
/// <param name="SiteId">The device's site, from the topic (checked against the registry).</param>
/// <param name="Timestamp">The device's <c>ts</c>, or the server's receive time when absent.</param>
/// <param name="Seq">The device's sequence number, if it sent one.</param>
/// <param name="Values">1 to 64 finite metric values.</param>
/// <param name="Lat">Reported WGS84 latitude, for mobile devices.</param>
/// <param name="Lon">Reported WGS84 longitude, for mobile devices.</param>
/// <param name="BatteryV">Battery voltage.</param>
/// <param name="RssiDbm">Radio signal strength.</param>
public sealed record Reading(
    string DeviceId,
    string SiteId,
    DateTimeOffset Timestamp,
    long? Seq,
    IReadOnlyList<MetricValue> Values,
    double? Lat = null,
    double? Lon = null,
    double? BatteryV = null,
    double? RssiDbm = null)
{
    /// <summary>True when the device marked the reading as part of a drill (演练).</summary>
    public bool Drill { get; init; }
}
