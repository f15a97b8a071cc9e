using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Readings;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Server.Tests.Security;

public sealed class DeviceSecurityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Connect_WrongSecret_IsRefused(MqttProtocolVersion version)
    {
        await using var app = new HeritageApp(_data.Path);

        var (client, result) = await app.TryConnectDeviceAsync("hp-vib-01", "not-the-secret", version);

        using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
            Assert.False(client.IsConnected);
        }
    }

    [Fact]
    public async Task Connect_UnknownDevice_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);

        var (client, result) = await app.TryConnectDeviceAsync("no-such-device", HeritageApp.DemoDeviceSecret);

        using (client)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result.ResultCode);
        }
    }

    [Fact]
    public async Task Connect_Mqtt311WithEmptyClientId_GetsAnIdAndCanPublish()
    {
        // mosquitto_pub connects this way by default.
        await using var app = new HeritageApp(_data.Path);

        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret, MqttProtocolVersion.V311, clientId: "");
        var ack = await device.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"rh_pct":55}}""");

        Assert.True(device.IsConnected);
        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
    }

    [Fact]
    public async Task Publish_ToAnotherDevicesTopic_IsRefusedAndNothingIsStored()
    {
        await using var app = new HeritageApp(_data.Path);
        using var intruder = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);

        var asOther = await intruder.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":9.9}}""");
        var otherSite = await intruder.PublishAsync(Topics.Telemetry("smelting-site", "hp-clim-01"), """{"readings":{"rh_pct":1}}""");
        var asCommand = await intruder.PublishAsync(Topics.Command("horse-pit", "hp-clim-01"), """{"sample_interval_s":1}""");
        var own = await intruder.PublishAsync(Topics.Telemetry("horse-pit", "hp-clim-01"), """{"readings":{"rh_pct":55}}""");

        Assert.Equal(
            [MqttClientPublishReasonCode.NotAuthorized, MqttClientPublishReasonCode.NotAuthorized, MqttClientPublishReasonCode.NotAuthorized, MqttClientPublishReasonCode.Success],
            [asOther.ReasonCode, otherSite.ReasonCode, asCommand.ReasonCode, own.ReasonCode]);
        using var api = await app.ClientAsAsync("bureau");
        var stats = await Eventually.Get(
            async () =>
            {
                var s = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
                return s!.Consumers["timeseries"].Position == 1 ? s : null;
            },
            "the one good reading to be written");
        Assert.Equal(1, stats.Accepted);
        Assert.Equal(3, stats.Rejected["not_authorized"]);
        var history = await api.GetFromJsonAsync<HistoryResponse>("/api/devices/hp-vib-01/readings?from=2000-01-01T00:00:00Z", TestContext.Current.CancellationToken);
        Assert.Empty(history!.Points);
    }

    [Fact]
    public async Task Subscribe_OutsideOwnCommandTopic_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", HeritageApp.DemoDeviceSecret);

        var result = await device.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(Topics.Command("horse-pit", "hp-clim-01"))
                .WithTopicFilter("heritage/#")
                .WithTopicFilter(Topics.Command("horse-pit", "hp-vib-01"))
                .Build(),
            TestContext.Current.CancellationToken);

        Assert.Equal(
            [MqttClientSubscribeResultCode.GrantedQoS0, MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.NotAuthorized],
            result.Items.Select(i => i.ResultCode));
    }

    public void Dispose() => _data.Dispose();
}
