using System.Net.Http.Json;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.ExternalBroker;

/// <summary><c>Mqtt:Mode=External</c> against a real Mosquitto configured by the server's own command.</summary>
public sealed class ExternalBrokerTests : IDisposable
{
    private static readonly string[] Devices = ["hp-vib-01", "hp-vib-02", "hp-snd-01", "hp-snd-02", "hp-clim-01"];

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _second = new();

    [Fact]
    public async Task Readings_ThroughMosquitto_AreStoredOnce_AndOtherDevicesTopicsAreRefusedByItsAcl()
    {
        await using var broker = await MosquittoRig.StartAsync(_data.Path);
        await using var app = new HeritageApp(_data.Path, systemClock: true, settings: broker.Settings("linzi-test-a"));
        using var api = await app.ClientAsAsync("maintenance");
        await HeritageApp.WaitUntilReadyAsync(api);

        using var device = new StreamingDevice("hp-vib-01", "horse-pit", broker.Port, TimeProvider.System.GetUtcNow().AddHours(-1));
        for (var n = 0; n < 20; n++)
        {
            await device.PublishAsync(n);
        }

        using var intruder = await ConnectAsync(broker, "hp-clim-01");
        var refused = await intruder.PublishAsync("heritage/horse-pit/hp-vib-01/telemetry", """{"readings":{"x_test":-1}}""");

        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        var history = await Eventually.History(api, "hp-vib-01", "?metric=x_test", 20);
        Assert.DoesNotContain(history.Points, p => p.Value < 0);
    }

    [Fact]
    public async Task OpenBroker_WithOnlyHostAndPort_IsEnough()
    {
        await using var broker = await MosquittoRig.StartOpenAsync();
        var settings = new Dictionary<string, string> { ["Mqtt:Mode"] = "External", ["Mqtt:Host"] = "127.0.0.1", ["Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await using var app = new HeritageApp(_data.Path, systemClock: true, settings: settings);
        using var api = await app.ClientAsAsync("maintenance");
        await HeritageApp.WaitUntilReadyAsync(api);

        using var device = new StreamingDevice("hp-vib-01", "horse-pit", broker.Port, TimeProvider.System.GetUtcNow().AddHours(-1));
        await device.PublishAsync(0);

        await Eventually.History(api, "hp-vib-01", "?metric=x_test", 1);
    }

    [Fact]
    public async Task BacklogAtItsBound_ServerStepsAwayFromTheBroker_AndTakesNothingMore()
    {
        await using var broker = await MosquittoRig.StartOpenAsync();
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TimeSeries:Provider"] = "InfluxDb",
            ["InfluxDb:Url"] = "http://127.0.0.1:9", // Nobody there: the backlog can only grow.
            ["Journal:MaxBacklogReadings"] = "5",
        };
        await using var app = new HeritageApp(_data.Path, settings: settings);
        using var api = await app.ClientAsAsync("maintenance");
        using var device = new StreamingDevice("hp-vib-01", "horse-pit", broker.Port, HeritageApp.Start.AddHours(-1));
        await Eventually.True(() => Task.FromResult(app.Services.GetRequiredService<Linzi.Heritage.Ingestion.Broker.IBrokerEdge>().IsRunning), "the server connected");
        for (var n = 0; n < 6; n++)
        {
            await device.PublishAsync(n);
        }

        // Mosquitto acknowledged them to the device; wait until the server has journaled all six.
        await Eventually.True(
            async () => (await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken))!.Accepted == 6,
            "the six readings in the journal");
        await Eventually.True(
            async () =>
            {
                app.Time.Advance(TimeSpan.FromSeconds(5)); // The backlog monitor and the client loop run on the fake clock.
                var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
                return stats!.Backlog.Refusing && !app.Services.GetRequiredService<Linzi.Heritage.Ingestion.Broker.IBrokerEdge>().IsRunning;
            },
            "the server to refuse and leave the broker");
        for (var n = 6; n < 10; n++)
        {
            await device.PublishAsync(n); // The broker takes them and keeps them in the server's session.
        }

        app.Time.Advance(TimeSpan.FromSeconds(5));
        var after = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.Equal(6, after!.Accepted);
        Assert.Equal(6, after.JournalPosition);
    }

    [Fact]
    public async Task BrokerRestart_DuringAStream_DevicesAndServerReconnect_AndNothingIsLost()
    {
        await using var broker = await MosquittoRig.StartAsync(_data.Path);
        await using var app = new HeritageApp(_data.Path, systemClock: true, settings: broker.Settings("linzi-test-restart"));
        using var api = await app.ClientAsAsync("maintenance");
        await HeritageApp.WaitUntilReadyAsync(api);
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var devices = Devices.Select(d => new StreamingDevice(d, "horse-pit", broker.Port, start)).ToList();

        const int PerDevice = 300;
        for (var n = 0; n < PerDevice; n++)
        {
            if (n == PerDevice / 3)
            {
                await broker.RestartAsync();
            }

            await Task.WhenAll(devices.Select(d => d.PublishAsync(n)));
        }

        Assert.All(devices, d => Assert.Equal(PerDevice, d.Acknowledged));
        foreach (var id in Devices)
        {
            await Eventually.History(api, id, "?metric=x_test&from=2000-01-01T00:00:00Z", PerDevice);
        }

        devices.ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task SharedSubscription_TwoInstances_SplitTheStream_AndStoreEachReadingOnce()
    {
        await using var broker = await MosquittoRig.StartAsync(_data.Path);
        await using var first = new HeritageApp(_data.Path, systemClock: true, settings: broker.Settings("linzi-share-1", "linzi"));
        await using var second = new HeritageApp(_second.Path, systemClock: true, settings: broker.Settings("linzi-share-2", "linzi"));
        using var firstApi = await first.ClientAsAsync("maintenance");
        using var secondApi = await second.ClientAsAsync("maintenance");
        foreach (var api in new[] { firstApi, secondApi })
        {
            await HeritageApp.WaitUntilReadyAsync(api);
        }

        var devices = Devices.Select(d => new StreamingDevice(d, "horse-pit", broker.Port, TimeProvider.System.GetUtcNow().AddHours(-1))).ToList();
        const int PerDevice = 200;
        for (var n = 0; n < PerDevice; n++)
        {
            await Task.WhenAll(devices.Select(d => d.PublishAsync(n)));
        }

        const int Total = PerDevice * 5;
        (long First, long Second) accepted = (0, 0);
        await Eventually.True(
            async () =>
            {
                accepted = ((await firstApi.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken))!.Accepted,
                            (await secondApi.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken))!.Accepted);
                return accepted.First + accepted.Second >= Total;
            },
            "every reading taken by one instance or the other");

        Assert.Equal(Total, accepted.First + accepted.Second);
        Assert.True(accepted.First > 0 && accepted.Second > 0, $"both instances take part ({accepted.First} / {accepted.Second})");
        devices.ForEach(d => d.Dispose());
    }

    private static async Task<MQTTnet.IMqttClient> ConnectAsync(MosquittoRig broker, string deviceId)
    {
        var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(
            new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithCredentials(deviceId, HeritageApp.DemoDeviceSecret)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(),
            TestContext.Current.CancellationToken);
        return client;
    }

    public void Dispose()
    {
        _data.Dispose();
        _second.Dispose();
    }
}
