namespace Linzi.Heritage.Ingestion.Decoding;

/// <summary>Stable reason codes for refused payloads; they appear in counters, the API and logs.</summary>
public static class RejectReasons
{
    /// <summary>Larger than <see cref="TelemetryDecoder.MaxPayloadBytes"/>.</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>Not UTF-8 JSON.</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>Neither a reading object nor an array of them, or an array element that is not an object.</summary>
    public const string InvalidStructure = "invalid_structure";

    /// <summary>An empty array, or one with more than <see cref="TelemetryDecoder.MaxBatch"/> readings.</summary>
    public const string BadBatchSize = "bad_batch_size";

    /// <summary><c>readings</c> is absent or not an object.</summary>
    public const string MissingReadings = "missing_readings";

    /// <summary><c>readings</c> has 0 or more than 64 entries.</summary>
    public const string BadReadingsCount = "bad_readings_count";

    /// <summary>A metric name breaks <c>^[a-z][a-z0-9_]{0,63}$</c>.</summary>
    public const string BadMetricName = "bad_metric_name";

    /// <summary>A metric value, or an optional numeric field, is not a finite number.</summary>
    public const string BadValue = "bad_value";

    /// <summary><c>ts</c> is not an RFC 3339 timestamp with an offset.</summary>
    public const string BadTimestamp = "bad_timestamp";

    /// <summary><c>ts</c> is more than five minutes in the future.</summary>
    public const string FutureTimestamp = "future_timestamp";

    /// <summary><c>seq</c> is not an unsigned integer.</summary>
    public const string BadSeq = "bad_seq";

    /// <summary><c>lat</c>/<c>lon</c> out of range or only one of them given.</summary>
    public const string BadPosition = "bad_position";

    /// <summary>Over the device's message or byte rate (<c>Mqtt:DeviceMessagesPerSecond</c>, <c>Mqtt:DeviceBytesPerSecond</c>).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Publishing outside the device's own prefix.</summary>
    public const string NotAuthorized = "not_authorized";

    /// <summary>A topic that is not one of the contract's.</summary>
    public const string UnknownTopic = "unknown_topic";

    /// <summary>A status payload without a valid state.</summary>
    public const string BadStatus = "bad_status";
}
