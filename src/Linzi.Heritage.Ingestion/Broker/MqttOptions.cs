using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>Where devices connect. Section <c>Mqtt</c>.</summary>
public sealed class MqttOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Mqtt";

    /// <summary><c>Embedded</c> (default: an in-process MQTTnet broker, no other server needed) or <c>External</c>.</summary>
    [RegularExpression("^(Embedded|External)$", ErrorMessage = "Mqtt:Mode must be Embedded or External.")]
    public string Mode { get; init; } = "Embedded";

    /// <summary>The outside broker's host in External mode.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port: the embedded broker listens on it (all interfaces); External mode connects to it. 1883 is MQTT's registered port.</summary>
    [Range(1, 65535)]
    public int Port { get; init; } = 1883;

    /// <summary>True in Embedded mode.</summary>
    public bool IsEmbedded => Mode == "Embedded";
}
