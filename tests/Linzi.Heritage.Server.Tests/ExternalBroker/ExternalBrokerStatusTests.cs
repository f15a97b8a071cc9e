using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Server.Tests.ExternalBroker;

/// <summary>
/// The status topic in <c>Mqtt:Mode=External</c>: the server never sees a device's connection there, so its retained
/// status and its last will are all it learns, and they must be read as the embedded broker reads them.
/// </summary>
public sealed class ExternalBrokerStatusTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Status_ThroughMosquitto_OnlineThenLastWill_ReachTheHub_AndABadStatusIsCounted()
    {
        await using var broker = await MosquittoRig.StartAsync(_data.Path);
        await using var app = new HeritageApp(_data.Path, systemClock: true, settings: broker.Settings("linzi-test-status"));
        using var api = await app.ClientAsAsync("bureau");
        await HeritageApp.WaitUntilReadyAsync(api);
        await using var hub = await app.HubAsync("bureau");
        var recorder = new HubRecorder(hub);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        var topic = Topics.Status("horse-pit", "hp-vib-01");

        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(
            new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("dev-status-hp-vib-01")
                .WithCredentials("hp-vib-01", HeritageApp.DemoDeviceSecret).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithWillTopic(topic).WithWillPayload("""{"state":"offline"}""").WithWillRetain()
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);
        await PublishRetainedAsync(device, topic, """{"state":"sleeping"}""");
        await PublishRetainedAsync(device, topic, """{"state":"online","fw":"1.4.2"}""");
        await Eventually.True(
            () => Task.FromResult(recorder.Statuses.Any(s => s is { DeviceId: "hp-vib-01", State: "online", Fw: "1.4.2" })),
            "the online status with its firmware");

        // Mosquitto publishes the will as for a lost connection.
        await device.DisconnectAsync(
            new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build(),
            TestContext.Current.CancellationToken);

        await Eventually.True(
            () => Task.FromResult(recorder.Statuses.Any(s => s is { DeviceId: "hp-vib-01", State: "offline", Fw: "1.4.2" })),
            "the last will, keeping the firmware");
        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(1, stats!.Rejected["bad_status"]);
    }

    private static async Task PublishRetainedAsync(IMqttClient device, string topic, string payload)
    {
        var result = await device.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag().Build(),
            TestContext.Current.CancellationToken);
        Assert.True(result.IsSuccess, $"Mosquitto refused {payload}: {result.ReasonCode}");
    }

    public void Dispose() => _data.Dispose();
}
