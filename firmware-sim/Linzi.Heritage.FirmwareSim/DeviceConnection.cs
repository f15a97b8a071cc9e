using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>The MQTT 5 connection every simulated device opens: its credentials and its last will of <c>offline</c>.</summary>
internal static class DeviceConnection
{
    public static MqttClientOptionsBuilder Options(string clientId, string siteId, string deviceId, string host, int port, string secret) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCredentials(deviceId, secret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithWillTopic(Topics.Status(siteId, deviceId))
            .WithWillPayload(JsonSerializer.SerializeToUtf8Bytes(new StatusMessage { State = StatusMessage.Offline }))
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain();

    /// <summary>Publishes at QoS 1 and throws when the broker refuses.</summary>
    public static async Task PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        var result = await client.PublishAsync(message, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"publish to {topic} refused: {result.ReasonCode} {result.ReasonString}");
        }
    }
}
