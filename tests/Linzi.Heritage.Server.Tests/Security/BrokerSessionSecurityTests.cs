using System.Text;
using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 1: with one device's secret an intruder must not resume or take over another device's MQTT
/// session by naming its client id (the simulator's ids, <c>sim-{deviceId}</c>, are predictable).
/// </summary>
public sealed class BrokerSessionSecurityTests : IDisposable
{
    private const string Secret = HeritageApp.DemoDeviceSecret;
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Takeover_OfAnotherDevicesSession_IsRefusedAndTheRealDeviceKeepsPublishing(MqttProtocolVersion version)
    {
        await using var app = new HeritageApp(_data.Path);
        using var real = await app.ConnectDeviceAsync("hp-vib-01", Secret, version, clientId: "sim-hp-vib-01", cleanStart: false);
        var commands = new List<string>();
        real.ApplicationMessageReceivedAsync += e =>
        {
            lock (commands)
            {
                commands.Add(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            }

            return Task.CompletedTask;
        };
        await real.SubscribeAsync(Topics.Command("horse-pit", "hp-vib-01"), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);

        var (intruder, result) = await app.TryConnectDeviceAsync("hp-clim-01", Secret, version, clientId: "sim-hp-vib-01", cleanStart: false);

        using (intruder)
        {
            Assert.NotEqual(MqttClientConnectResultCode.Success, result.ResultCode);
            Assert.False(intruder.IsConnected);
        }

        Assert.True(real.IsConnected);
        var ack = await real.PublishAsync(Topics.Telemetry("horse-pit", "hp-vib-01"), """{"readings":{"ppv_mm_s":0.4}}""");
        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);

        // The session's commands still reach the real device, not the intruder.
        using var maintenance = await app.ClientAsAsync("maintenance");
        using var pushed = await maintenance.PostAsync(
            "/api/devices/hp-vib-01/config",
            new StringContent("""{"sample_interval_s":30}""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.True(pushed.IsSuccessStatusCode, await pushed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Eventually.True(
            () =>
            {
                lock (commands)
                {
                    return Task.FromResult(commands.Count == 1);
                }
            },
            "the command to reach the real device");

        using var bureau = await app.ClientAsAsync("bureau");
        using var audit = JsonDocument.Parse(await bureau.GetStringAsync("/api/audit?entity=device&id=hp-clim-01", TestContext.Current.CancellationToken));
        var entry = audit.RootElement.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "session-takeover-refused");
        var attempt = entry.GetProperty("after");
        Assert.Equal(("sim-hp-vib-01", "hp-vib-01"), (attempt.GetProperty("clientId").GetString(), attempt.GetProperty("owner").GetString()));
    }

    [Fact]
    public async Task Squatting_AnotherDevicesClientIdBeforeItConnects_IsRefused()
    {
        await using var app = new HeritageApp(_data.Path);

        var (intruder, result) = await app.TryConnectDeviceAsync("hp-clim-01", Secret, clientId: "sim-hp-vib-01", cleanStart: false);
        intruder.Dispose();
        var (bare, bareResult) = await app.TryConnectDeviceAsync("hp-clim-01", Secret, clientId: "hp-vib-01");
        bare.Dispose();

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, bareResult.ResultCode);
        using var real = await app.ConnectDeviceAsync("hp-vib-01", Secret, clientId: "sim-hp-vib-01", cleanStart: false);
        Assert.True(real.IsConnected);
    }

    [Fact]
    public async Task PersistentSession_UnderARandomId_BelongsToItsDevice()
    {
        await using var app = new HeritageApp(_data.Path);
        const string randomId = "field-unit-7f3a9c";
        using (var owner = await app.ConnectDeviceAsync("hp-vib-01", Secret, clientId: randomId, cleanStart: false))
        {
            await owner.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        var (intruder, result) = await app.TryConnectDeviceAsync("hp-clim-01", Secret, clientId: randomId, cleanStart: false);
        intruder.Dispose();
        var (back, backResult) = await app.TryConnectDeviceAsync("hp-vib-01", Secret, clientId: randomId, cleanStart: false);

        using (back)
        {
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
            Assert.Equal(MqttClientConnectResultCode.Success, backResult.ResultCode);
            Assert.True(backResult.IsSessionPresent);
        }
    }

    [Fact]
    public async Task CleanSession_UnderARandomId_FreesTheIdWhenItEnds()
    {
        // A clean session ends with its connection, so the id is nobody's; clients that pick random ids keep working.
        await using var app = new HeritageApp(_data.Path);
        const string randomId = "mosq-Zq81Lw0aTn";
        using (var first = await app.ConnectDeviceAsync("hp-vib-01", Secret, MqttProtocolVersion.V311, clientId: randomId))
        {
            await first.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        using var second = await Eventually.Get(
            async () =>
            {
                var (client, result) = await app.TryConnectDeviceAsync("hp-clim-01", Secret, MqttProtocolVersion.V311, clientId: randomId);
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    return client;
                }

                client.Dispose();
                return null;
            },
            "the ended clean session to free its id");

        Assert.True(second.IsConnected);
    }

    public void Dispose() => _data.Dispose();
}
