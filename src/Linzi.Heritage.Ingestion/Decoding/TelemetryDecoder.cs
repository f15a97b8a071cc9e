using System.Buffers;
using System.Globalization;
using System.Text.Unicode;
using System.Text.Json;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Ingestion.Decoding;

/// <summary>
/// Validates telemetry payloads against the contract straight from UTF-8 bytes (no intermediate string), and
/// turns them into <see cref="Reading"/>s. A payload that breaks any rule is refused whole.
/// Thread-safe: it keeps no state but the metric-name cache.
/// </summary>
public sealed class TelemetryDecoder(TimeProvider time)
{
    /// <summary>Largest payload accepted; a 64-reading batch of 1,000 readings fits well inside.</summary>
    public const int MaxPayloadBytes = 256 * 1024;

    /// <summary>Most readings in one store-and-forward array.</summary>
    public const int MaxBatch = 1_000;

    /// <summary>Most metric values in one reading.</summary>
    public const int MaxReadings = 64;

    /// <summary>How far in the future a <c>ts</c> may be.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    private readonly MetricNameCache _names = new();

    /// <summary>Decodes a payload published by <paramref name="deviceId"/> of <paramref name="siteId"/>.</summary>
    public DecodeResult Decode(ReadOnlySequence<byte> payload, string deviceId, string siteId)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            return DecodeResult.Fail(RejectReasons.PayloadTooLarge, $"payload is {payload.Length} bytes; the limit is {MaxPayloadBytes}");
        }

        // The reader only checks the UTF-8 of strings it decodes; skipped fields and names would slip through.
        if (!(payload.IsSingleSegment ? Utf8.IsValid(payload.FirstSpan) : Utf8.IsValid(payload.ToArray())))
        {
            return DecodeResult.Fail(RejectReasons.MalformedJson, "payload is not valid UTF-8");
        }

        var now = time.GetUtcNow();
        var reader = new Utf8JsonReader(payload, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return DecodeResult.Fail(RejectReasons.MalformedJson, "empty payload");
            }

            var readings = new List<Reading>(1);
            DecodeResult? failure;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                failure = ReadOne(ref reader, deviceId, siteId, now, readings, "");
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                failure = ReadArray(ref reader, deviceId, siteId, now, readings);
            }
            else
            {
                return DecodeResult.Fail(RejectReasons.InvalidStructure, "payload must be a reading object or an array of them");
            }

            if (failure is { } f)
            {
                return f;
            }

            if (reader.Read())
            {
                return DecodeResult.Fail(RejectReasons.MalformedJson, "trailing data after the JSON value");
            }

            return new DecodeResult(readings, null, null);
        }
        catch (JsonException ex)
        {
            return DecodeResult.Fail(RejectReasons.MalformedJson, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON syntax, but the reader throws this, not a JsonException,
            // when asked for it as a string (found by fuzzing, issue 15).
            return DecodeResult.Fail(RejectReasons.MalformedJson, ex.Message);
        }
    }

    private DecodeResult? ReadArray(ref Utf8JsonReader reader, string deviceId, string siteId, DateTimeOffset now, List<Reading> readings)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return DecodeResult.Fail(RejectReasons.InvalidStructure, $"[{index}] must be a reading object");
            }

            if (index >= MaxBatch)
            {
                return DecodeResult.Fail(RejectReasons.BadBatchSize, $"a batch holds at most {MaxBatch} readings");
            }

            if (ReadOne(ref reader, deviceId, siteId, now, readings, string.Create(CultureInfo.InvariantCulture, $"[{index}].")) is { } failure)
            {
                return failure;
            }

            index++;
        }

        return index == 0 ? DecodeResult.Fail(RejectReasons.BadBatchSize, "the batch is empty") : null;
    }

    private DecodeResult? ReadOne(
        ref Utf8JsonReader reader, string deviceId, string siteId, DateTimeOffset now, List<Reading> readings, string path)
    {
        DateTimeOffset? ts = null;
        long? seq = null;
        double? lat = null, lon = null, battery = null, rssi = null;
        var drill = false;
        List<MetricValue>? values = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null && !field.SequenceEqual("readings"u8))
            {
                continue; // An explicit null is the same as an absent optional field.
            }

            DecodeResult? failure = null;
            if (field.SequenceEqual("readings"u8))
            {
                failure = ReadValues(ref reader, path, out values);
            }
            else if (field.SequenceEqual("ts"u8))
            {
                failure = ReadTimestamp(ref reader, path, now, out ts);
            }
            else if (field.SequenceEqual("seq"u8))
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) && s >= 0)
                {
                    seq = s;
                }
                else
                {
                    failure = DecodeResult.Fail(RejectReasons.BadSeq, path + "seq must be an unsigned integer");
                }
            }
            else if (field.SequenceEqual("lat"u8))
            {
                failure = ReadNumber(ref reader, path + "lat", -90, 90, RejectReasons.BadPosition, out lat);
            }
            else if (field.SequenceEqual("lon"u8))
            {
                failure = ReadNumber(ref reader, path + "lon", -180, 180, RejectReasons.BadPosition, out lon);
            }
            else if (field.SequenceEqual("drill"u8))
            {
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    drill = reader.GetBoolean();
                }
                else
                {
                    failure = DecodeResult.Fail(RejectReasons.BadValue, path + "drill must be true or false");
                }
            }
            else if (field.SequenceEqual("battery_v"u8))
            {
                failure = ReadNumber(ref reader, path + "battery_v", double.MinValue, double.MaxValue, RejectReasons.BadValue, out battery);
            }
            else if (field.SequenceEqual("rssi_dbm"u8))
            {
                failure = ReadNumber(ref reader, path + "rssi_dbm", double.MinValue, double.MaxValue, RejectReasons.BadValue, out rssi);
            }
            else
            {
                reader.Skip(); // Unknown extra fields are ignored, as the contract says.
            }

            if (failure is not null)
            {
                return failure;
            }
        }

        if (values is null)
        {
            return DecodeResult.Fail(RejectReasons.MissingReadings, path + "readings is required");
        }

        if (lat.HasValue != lon.HasValue)
        {
            return DecodeResult.Fail(RejectReasons.BadPosition, path + "lat and lon must come together");
        }

        readings.Add(new Reading(deviceId, siteId, ts ?? now, seq, values, lat, lon, battery, rssi) { Drill = drill });
        return null;
    }

    private DecodeResult? ReadValues(ref Utf8JsonReader reader, string path, out List<MetricValue>? values)
    {
        values = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return DecodeResult.Fail(RejectReasons.MissingReadings, path + "readings must be an object of metric values");
        }

        var list = new List<MetricValue>(4);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!_names.TryGet(ref reader, out var name))
            {
                return DecodeResult.Fail(
                    RejectReasons.BadMetricName, $"{path}readings: metric name '{reader.GetString()}' must match ^[a-z][a-z0-9_]{{0,63}}$");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                return DecodeResult.Fail(RejectReasons.BadValue, $"{path}readings.{name} must be a finite number");
            }

            if (list.Count == MaxReadings)
            {
                return DecodeResult.Fail(RejectReasons.BadReadingsCount, $"{path}readings has more than {MaxReadings} entries");
            }

            list.Add(new MetricValue(name, value));
        }

        if (list.Count == 0)
        {
            return DecodeResult.Fail(RejectReasons.BadReadingsCount, path + "readings must have at least one entry");
        }

        values = list;
        return null;
    }

    private static DecodeResult? ReadTimestamp(ref Utf8JsonReader reader, string path, DateTimeOffset now, out DateTimeOffset? ts)
    {
        ts = null;
        if (reader.TokenType != JsonTokenType.String || !Rfc3339.TryParse(reader.ValueSpan, out var parsed))
        {
            return DecodeResult.Fail(RejectReasons.BadTimestamp, path + "ts must be an RFC 3339 timestamp with an offset");
        }

        if (parsed - now > MaxFutureSkew)
        {
            return DecodeResult.Fail(RejectReasons.FutureTimestamp, path + "ts is more than 5 minutes in the future");
        }

        ts = parsed;
        return null;
    }

    private static DecodeResult? ReadNumber(
        ref Utf8JsonReader reader, string field, double min, double max, string reason, out double? number)
    {
        number = null;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value) || !double.IsFinite(value) ||
            value < min || value > max)
        {
            return DecodeResult.Fail(reason, $"{field} must be a finite number" + (min > double.MinValue ? $" in [{min}, {max}]" : ""));
        }

        number = value;
        return null;
    }
}
