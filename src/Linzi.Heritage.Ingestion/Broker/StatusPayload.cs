using System.Buffers;
using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>Parses a device status payload; null when it is not one. Shared by both broker edges.</summary>
internal static class StatusPayload
{
    // A status is a few dozen bytes; anything near this is not one.
    private const int MaxBytes = 4_096;

    public static StatusMessage? Parse(ReadOnlySequence<byte> payload)
    {
        if (payload.Length > MaxBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(payload);
            var message = JsonSerializer.Deserialize<StatusMessage>(ref reader);
            return message?.State is StatusMessage.Online or StatusMessage.Offline ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
