using System.Collections;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>The authenticated device of an MQTT connection, kept in MQTTnet's per-session items.</summary>
internal sealed record DeviceSession(string DeviceId, string SiteId)
{
    private const string Key = "linzi.device";

    public static DeviceSession? From(IDictionary? sessionItems) =>
        sessionItems is not null && sessionItems.Contains(Key) ? sessionItems[Key] as DeviceSession : null;

    public void StoreIn(IDictionary sessionItems) => sessionItems[Key] = this;
}
