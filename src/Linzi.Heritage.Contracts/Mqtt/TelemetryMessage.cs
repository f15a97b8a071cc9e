using System.Text.Json.Serialization;

namespace Linzi.Heritage.Contracts.Mqtt;

/// <summary>
/// One reading on <c>heritage/{siteId}/{deviceId}/telemetry</c>, as devices send it. The server parses the bytes
/// itself for speed and strictness; this type is for senders (the firmware simulator, tests).
/// </summary>
public sealed record TelemetryMessage
{
    /// <summary>RFC 3339 time of the reading; the server's receive time when absent.</summary>
    [JsonPropertyName("ts")]
    public DateTimeOffset? Ts { get; init; }

    /// <summary>Rises by one per reading of a device.</summary>
    [JsonPropertyName("seq")]
    public long? Seq { get; init; }

    /// <summary>1 to 64 metric values keyed by unit-carrying names such as <c>ppv_mm_s</c>.</summary>
    [JsonPropertyName("readings")]
    public required IReadOnlyDictionary<string, double> Readings { get; init; }

    /// <summary>Battery voltage.</summary>
    [JsonPropertyName("battery_v")]
    public double? BatteryV { get; init; }

    /// <summary>Radio signal strength.</summary>
    [JsonPropertyName("rssi_dbm")]
    public double? RssiDbm { get; init; }

    /// <summary>WGS84 latitude (mobile devices).</summary>
    [JsonPropertyName("lat")]
    public double? Lat { get; init; }

    /// <summary>WGS84 longitude (mobile devices).</summary>
    [JsonPropertyName("lon")]
    public double? Lon { get; init; }

    /// <summary>True to mark the reading as part of a drill (演练); absent or false for real.</summary>
    [JsonPropertyName("drill")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Drill { get; init; }
}
