using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Decoding;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// Which device's telemetry or status a publish is, or why it is refused, for both broker edges. They differ in what
/// they know: the embedded broker authenticated the connection's device itself, while an outside broker has already
/// enforced its own ACL and only the topic names the device. The two decisions sit side by side here so that they
/// refuse with the same reasons. Pure functions; thread-safe.
/// </summary>
internal static class PublishAcl
{
    /// <summary>Detail of a refusal of a topic outside the device's own prefix.</summary>
    internal const string OutsidePrefixDetail = "devices may publish only under heritage/{siteId}/{deviceId}/";

    /// <summary>Detail of a refusal of a topic under the device's prefix that is not one of the contract's.</summary>
    internal const string NotADeviceTopicDetail = "devices may publish only to their telemetry and status topics";

    /// <summary>Detail of a refusal of a relayed topic whose device is not registered at the topic's site.</summary>
    internal const string UnknownDeviceDetail = "no such device at this site";

    /// <summary>
    /// The embedded broker: a connection may publish telemetry and status under its own device's prefix (its id and
    /// its registered site) and nothing else.
    /// </summary>
    public static PublishDecision ForConnection(string topic, DeviceSession session)
    {
        // The usual case, decided without splitting the topic into new strings on every publish.
        if (topic == session.TelemetryTopic)
        {
            return new(TopicKind.Telemetry, session, null);
        }

        if (topic == session.StatusTopic)
        {
            return new(TopicKind.Status, session, null);
        }

        var kind = Topics.Parse(topic, out var siteId, out var deviceId);
        var own = deviceId == session.DeviceId && siteId == session.SiteId;
        return (kind, own) switch
        {
            (TopicKind.Telemetry or TopicKind.Status, true) => new(kind, session, null),

            // Under its own prefix but not a topic of ours: most likely a firmware bug, counted apart from intrusions.
            (TopicKind.Unknown, true) => new(kind, session, new(RejectReasons.UnknownTopic, NotADeviceTopicDetail)),

            // Another device's or site's topic, or its own cmd topic, which only the server publishes to.
            _ => new(kind, session, new(RejectReasons.NotAuthorized, OutsidePrefixDetail)),
        };
    }

    /// <summary>
    /// The client of an outside broker: it subscribes to telemetry and status only, and takes a message when the
    /// topic's device is registered at the topic's site (it may have been removed or moved since the broker's ACL
    /// was written).
    /// </summary>
    public static PublishDecision ForRelayed(string topic, RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var kind = Topics.Parse(topic, out var siteId, out var deviceId);
        var device = new DeviceSession(deviceId, siteId);
        return kind is TopicKind.Telemetry or TopicKind.Status &&
               registry.Devices.TryGetValue(deviceId, out var registered) && registered.SiteId == siteId &&
               registered.RevokedAt is null
            ? new(kind, device, null)
            : new(kind, device, new(RejectReasons.NotAuthorized, UnknownDeviceDetail));
    }
}
