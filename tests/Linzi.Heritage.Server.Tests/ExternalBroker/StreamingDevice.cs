using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Server.Tests.ExternalBroker;

/// <summary>
/// A device that publishes numbered QoS 1 readings and, like real firmware, retries each one (reconnecting as
/// needed) until the broker acknowledges it. Readings carry distinct timestamps, so stores can be counted. Reading n
/// carries <c>x_test = n</c>, or what <paramref name="readings"/> makes of n (the inside of the readings object).
/// </summary>
public sealed class StreamingDevice(string deviceId, string siteId, int brokerPort, DateTimeOffset start, Func<int, string>? readings = null) : IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public int Acknowledged { get; private set; }

    public async Task PublishAsync(int n)
    {
        var ts = start.AddMilliseconds(n).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"heritage/{siteId}/{deviceId}/telemetry")
            .WithPayload(Encoding.UTF8.GetBytes($$$"""{"ts":"{{{ts}}}","seq":{{{n + 1}}},"readings":{{{{(readings ?? XTest)(n)}}}}}"""))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await _client.ConnectAsync(
                        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId("dev-" + deviceId)
                            .WithCredentials(deviceId, HeritageAppSecrets.Demo).WithProtocolVersion(MqttProtocolVersion.V500)
                            .WithTimeout(TimeSpan.FromSeconds(5)).Build(),
                        TestContext.Current.CancellationToken);
                }

                var result = await _client.PublishAsync(message, TestContext.Current.CancellationToken);
                if (result.IsSuccess)
                {
                    Acknowledged++;
                    return;
                }
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
            {
                // The broker is restarting; wait and try again, as field firmware does.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"{deviceId}: reading {n} was never acknowledged");
    }

    public void Dispose() => _client.Dispose();

    private static string XTest(int n) => "\"x_test\":" + n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The demo device secret, in one place for the external-broker tests.</summary>
public static class HeritageAppSecrets
{
    public const string Demo = Infrastructure.HeritageApp.DemoDeviceSecret;
}
