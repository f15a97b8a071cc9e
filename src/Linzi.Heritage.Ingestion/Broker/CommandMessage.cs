using Linzi.Heritage.Contracts.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>The MQTT message of a command to a device: its <c>cmd</c> topic, QoS 1, retained (a device that connects later still gets it).</summary>
internal static class CommandMessage
{
    public static MqttApplicationMessage For(string siteId, string deviceId, byte[] payload) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Command(siteId, deviceId))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
}
