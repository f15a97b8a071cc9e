using System.Text.Json.Serialization;

namespace Linzi.Heritage.Contracts.Mqtt;

/// <summary>The retained payload on <c>heritage/{siteId}/{deviceId}/status</c>; also the device's last will.</summary>
public sealed record StatusMessage
{
    /// <summary>Value of <see cref="State"/> for a connected device.</summary>
    public const string Online = "online";

    /// <summary>Value of <see cref="State"/> for a gone device (the last will).</summary>
    public const string Offline = "offline";

    /// <summary><c>online</c> or <c>offline</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>When the state changed.</summary>
    [JsonPropertyName("ts")]
    public DateTimeOffset? Ts { get; init; }

    /// <summary>Firmware version.</summary>
    [JsonPropertyName("fw")]
    public string? Fw { get; init; }
}
