using System.Collections;
using Linzi.Heritage.Contracts.Mqtt;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>The authenticated device of an MQTT connection, kept in MQTTnet's per-session items.</summary>
internal sealed record DeviceSession(string DeviceId, string SiteId)
{
    private const string Key = "linzi.device";

    /// <summary>MQTT 5: the device reads reason codes in PUBACK; a 3.1.1 device takes any PUBACK for success.</summary>
    public bool HearsReasonCodes { get; init; } = true;

    /// <summary>The device's own telemetry topic, made once per connection: every publish is compared with it.</summary>
    public string TelemetryTopic { get; } = Topics.Telemetry(SiteId, DeviceId);

    /// <summary>The device's own status topic.</summary>
    public string StatusTopic { get; } = Topics.Status(SiteId, DeviceId);

    public static DeviceSession? From(IDictionary? sessionItems) =>
        sessionItems is not null && sessionItems.Contains(Key) ? sessionItems[Key] as DeviceSession : null;

    public void StoreIn(IDictionary sessionItems) => sessionItems[Key] = this;
}
