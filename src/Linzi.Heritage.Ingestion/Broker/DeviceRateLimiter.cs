using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>What the rate limiter decided about one publish.</summary>
public enum RateVerdict
{
    /// <summary>Within the device's rates.</summary>
    Allowed,

    /// <summary>Over <see cref="MqttOptions.DeviceMessagesPerSecond"/>: refused.</summary>
    MessageRate,

    /// <summary>Over <see cref="MqttOptions.DeviceBytesPerSecond"/>: refused.</summary>
    ByteRate,

    /// <summary>Refused, and the device floods: its refusals outran its allowed rate by <see cref="MqttOptions.DeviceFloodDisconnectAfter"/>.</summary>
    Disconnect,
}

/// <summary>
/// Token buckets per device (not per connection, so reconnecting does not refill them) for messages and bytes, on the
/// app's clock. Each refused publish adds one to a flood count that drains at the allowed message rate: a device a
/// little over its rate is only throttled; one far over it (say 50×) soon passes the limit and is disconnected.
/// </summary>
public sealed class DeviceRateLimiter(IOptions<MqttOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one message of <paramref name="bytes"/> bytes from the device's buckets.</summary>
    public RateVerdict Take(string deviceId, long bytes)
    {
        var settings = options.Value;
        var bucket = _buckets.GetOrAdd(deviceId, _ => new Bucket(settings.DeviceMessageBurst, settings.DeviceByteBurst, time.GetUtcNow()));
        lock (bucket)
        {
            var now = time.GetUtcNow();
            var elapsed = Math.Max(0, (now - bucket.Refilled).TotalSeconds);
            bucket.Refilled = now;
            bucket.Messages = Math.Min(settings.DeviceMessageBurst, bucket.Messages + (elapsed * settings.DeviceMessagesPerSecond));
            bucket.Bytes = Math.Min(settings.DeviceByteBurst, bucket.Bytes + (elapsed * settings.DeviceBytesPerSecond));
            bucket.Flood = Math.Max(0, bucket.Flood - (elapsed * settings.DeviceMessagesPerSecond));

            var verdict = bucket.Messages < 1 ? RateVerdict.MessageRate : bucket.Bytes < bytes ? RateVerdict.ByteRate : RateVerdict.Allowed;
            if (verdict == RateVerdict.Allowed)
            {
                bucket.Messages -= 1;
                bucket.Bytes -= bytes;
                return verdict;
            }

            bucket.Flood += 1;
            return bucket.Flood > settings.DeviceFloodDisconnectAfter ? RateVerdict.Disconnect : verdict;
        }
    }

    private sealed class Bucket(double messages, double bytes, DateTimeOffset refilled)
    {
        public double Messages { get; set; } = messages;

        public double Bytes { get; set; } = bytes;

        public double Flood { get; set; }

        public DateTimeOffset Refilled { get; set; } = refilled;
    }
}
