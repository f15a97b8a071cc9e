using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>Publishing helpers for tests.</summary>
public static class Telemetry
{
    /// <summary>The horse-burial pit, inside its protection zone (demo geometry).</summary>
    public const double HorsePitLat = 36.8751;

    /// <summary>The horse-burial pit, inside its protection zone (demo geometry).</summary>
    public const double HorsePitLon = 118.3680;

    public static async Task<MqttClientPublishResult> PublishAsync(this IMqttClient client, string topic, string payload, bool retain = false)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        return await client.PublishAsync(message, TestContext.Current.CancellationToken);
    }
}
