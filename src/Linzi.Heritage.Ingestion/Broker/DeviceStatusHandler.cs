using System.Buffers;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Rejections;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// Every online/offline decision a broker edge makes about a device: its connects and disconnects, and the messages
/// on its <c>status</c> topic (its own, a retained one delivered again, or its last will). Both the embedded broker
/// and the client of an outside broker call this, so the two modes parse, validate, reject and count a status alike.
/// </summary>
/// <remarks>
/// Public only because the edges' public constructors take it. Thread-safe: it keeps no state of its own, and the
/// tracker and the rejection log it calls are thread-safe.
/// </remarks>
public sealed class DeviceStatusHandler(DeviceStatusTracker tracker, RejectionLog rejections)
{
    /// <summary>The detail kept with a <see cref="RejectReasons.BadStatus"/> rejection.</summary>
    internal const string BadStatusDetail = "status must be {\"state\":\"online\"|\"offline\"}";

    /// <summary>
    /// A connection of the device was accepted. Only the embedded broker sees connects; an outside broker's are
    /// invisible to its client, where the device's retained status and last will report the same.
    /// </summary>
    internal Task ConnectedAsync(DeviceSession device) =>
        tracker.SetOnlineAsync(device.DeviceId, device.SiteId, online: true);

    /// <summary>
    /// A connection of the device ended. A takeover is not the device leaving: the same client id is already back
    /// on a new connection, which reported online, and an offline here would hide it.
    /// </summary>
    internal Task DisconnectedAsync(DeviceSession device, bool takenOver) =>
        takenOver ? Task.CompletedTask : tracker.SetOnlineAsync(device.DeviceId, device.SiteId, online: false);

    /// <summary>
    /// A message on the device's status topic. <see cref="IngestOutcome.Rejected"/> when its payload is not a status
    /// (counted and kept as <see cref="RejectReasons.BadStatus"/>), else <see cref="IngestOutcome.Accepted"/>; never
    /// <see cref="IngestOutcome.Unavailable"/>, since the state lives in memory.
    /// </summary>
    /// <param name="clientId">Who published it, as far as the edge knows, for the rejection record.</param>
    /// <param name="device">The device the topic belongs to, already checked by the edge's ACL.</param>
    /// <param name="topic">The topic, for the rejection record.</param>
    /// <param name="payload">The payload as received.</param>
    internal async Task<IngestOutcome> HandleMessageAsync(string? clientId, DeviceSession device, string topic, ReadOnlySequence<byte> payload)
    {
        if (StatusPayload.Parse(payload) is not { } message)
        {
            rejections.Record(clientId, device.DeviceId, topic, RejectReasons.BadStatus, BadStatusDetail, payload);
            return IngestOutcome.Rejected;
        }

        // Firmware is optional: a status without "fw" keeps the version the device reported before.
        await tracker.SetOnlineAsync(device.DeviceId, device.SiteId, message.State == StatusMessage.Online, message.Fw);
        return IngestOutcome.Accepted;
    }
}
