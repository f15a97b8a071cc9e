using System.Buffers;
using System.Text.Json;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>Compact JSON for the journal's body column: metric values and the optional device fields.</summary>
internal static class ReadingCodec
{
    public static byte[] EncodeBody(Reading reading)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("v");
            foreach (var value in reading.Values)
            {
                writer.WriteNumber(value.Name, value.Value);
            }

            writer.WriteEndObject();
            WriteOptional(writer, "lat", reading.Lat);
            WriteOptional(writer, "lon", reading.Lon);
            WriteOptional(writer, "bat", reading.BatteryV);
            WriteOptional(writer, "rssi", reading.RssiDbm);
            if (reading.Drill)
            {
                writer.WriteBoolean("drill", true);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Reading Decode(string deviceId, string siteId, long tsMs, long? seq, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var values = new List<MetricValue>();
        foreach (var property in root.GetProperty("v").EnumerateObject())
        {
            values.Add(new MetricValue(property.Name, property.Value.GetDouble()));
        }

        return new Reading(
            deviceId, siteId, DateTimeOffset.FromUnixTimeMilliseconds(tsMs), seq, values,
            Optional(root, "lat"), Optional(root, "lon"), Optional(root, "bat"), Optional(root, "rssi"))
        {
            Drill = root.TryGetProperty("drill", out var drill) && drill.GetBoolean(),
        };
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static double? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) ? element.GetDouble() : null;
}
