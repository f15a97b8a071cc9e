namespace Linzi.Heritage.Contracts.Mqtt;

/// <summary>The kinds of topic under a device's prefix.</summary>
public enum TopicKind
{
    /// <summary>Not a topic of ours.</summary>
    Unknown,

    /// <summary><c>heritage/{siteId}/{deviceId}/telemetry</c></summary>
    Telemetry,

    /// <summary><c>heritage/{siteId}/{deviceId}/status</c></summary>
    Status,

    /// <summary><c>heritage/{siteId}/{deviceId}/cmd</c></summary>
    Command,
}

/// <summary>Builds and parses the contract's MQTT topics. Every topic string is made here and nowhere else.</summary>
public static class Topics
{
    /// <summary>The root level of every topic.</summary>
    public const string Root = "heritage";

    /// <summary>Telemetry topic of a device.</summary>
    public static string Telemetry(string siteId, string deviceId) => $"{Root}/{siteId}/{deviceId}/telemetry";

    /// <summary>Status topic of a device (retained, with the last will).</summary>
    public static string Status(string siteId, string deviceId) => $"{Root}/{siteId}/{deviceId}/status";

    /// <summary>Command topic of a device (server → device).</summary>
    public static string Command(string siteId, string deviceId) => $"{Root}/{siteId}/{deviceId}/cmd";

    /// <summary>Subscription filter for every device's telemetry.</summary>
    public const string AllTelemetry = Root + "/+/+/telemetry";

    /// <summary>Subscription filter for every device's status.</summary>
    public const string AllStatus = Root + "/+/+/status";

    /// <summary>Splits <c>heritage/{siteId}/{deviceId}/{kind}</c>; anything else is <see cref="TopicKind.Unknown"/>.</summary>
    public static TopicKind Parse(string topic, out string siteId, out string deviceId)
    {
        siteId = deviceId = string.Empty;
        if (string.IsNullOrEmpty(topic))
        {
            return TopicKind.Unknown;
        }

        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != Root || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return TopicKind.Unknown;
        }

        siteId = parts[1];
        deviceId = parts[2];
        return parts[3] switch
        {
            "telemetry" => TopicKind.Telemetry,
            "status" => TopicKind.Status,
            "cmd" => TopicKind.Command,
            _ => TopicKind.Unknown,
        };
    }
}
