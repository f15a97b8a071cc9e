using System.Runtime.CompilerServices;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// Gives MQTT 3.1.1 clients that connect with an empty client id and a clean session an id of their own, as the
/// 3.1.1 spec requires of a server [MQTT-3.1.3-6] and as Mosquitto does. <c>mosquitto_pub</c> and many field
/// devices connect that way. MQTTnet 5.2 assigns ids only to MQTT 5 clients and refuses the rest with "identifier
/// rejected", so we set the id on the CONNECT packet before its check runs.
/// </summary>
/// <remarks>
/// REVIEW: this reads MQTTnet's private field <c>_connectPacket</c> (pinned version 5.2.0.1603). A test connects a
/// 3.1.1 client with an empty id, so an upgrade that renames the field fails loudly in CI rather than in the field.
/// </remarks>
internal static class EmptyClientIdPolicy
{
    public static void Apply(ValidatingConnectionEventArgs e, string assignedId)
    {
        if (!string.IsNullOrEmpty(e.ClientId))
        {
            return;
        }

        // MQTT 5 clients get the id through the CONNACK's assigned-client-identifier property.
        e.AssignedClientIdentifier = assignedId;
        var packet = ConnectPacket(e);
        if (packet.CleanSession)
        {
            packet.ClientId = assignedId;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_connectPacket")]
    private static extern ref MqttConnectPacket ConnectPacket(ValidatingConnectionEventArgs e);
}
