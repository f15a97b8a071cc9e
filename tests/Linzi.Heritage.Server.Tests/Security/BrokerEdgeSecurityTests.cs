using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.EndToEnd;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 7: the embedded broker's edge. TLS with a certificate devices must trust, plain MQTT that can be
/// switched off, and a bind address.
/// </summary>
public sealed class BrokerEdgeSecurityTests : IDisposable
{
    private const string Secret = HeritageApp.DemoDeviceSecret;
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tls_AClientThatTrustsTheCertificateConnects_OneThatDoesNotCannot(bool pfx)
    {
        var tls = BrokerTls.In(Path.Combine(_data.Path, "tls"));
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), settings: tls.Settings(pfx: pfx));
        app.StartServer();

        using var untrusted = new MqttClientFactory().CreateMqttClient();
        var refused = await Record.ExceptionAsync(() => untrusted.ConnectAsync(TlsClient(tls, "hp-clim-01", trust: false), TestContext.Current.CancellationToken));
        Assert.NotNull(refused);
        Assert.False(untrusted.IsConnected);

        using var trusted = new MqttClientFactory().CreateMqttClient();
        var result = await trusted.ConnectAsync(TlsClient(tls, "hp-clim-01", trust: true), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        var ack = await trusted.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(Topics.Telemetry("horse-pit", "hp-clim-01"))
                .WithPayload("""{"ts":"2026-11-26T14:00:00Z","readings":{"rh_pct":61.5}}""")
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientPublishReasonCode.Success, ack.ReasonCode);
        using var api = await app.ClientAsAsync("bureau");
        var history = await Eventually.History(api, "hp-clim-01", "?metric=rh_pct", 1);
        Assert.Equal(61.5, history.Points[0].Value);
    }

    [Fact]
    public async Task Tls_MosquittoPubWithTheCaFile_Publishes_AndWithoutItIsRefused()
    {
        var tls = BrokerTls.In(Path.Combine(_data.Path, "tls"));
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), settings: tls.Settings(plain: false));
        app.StartServer();
        string[] common =
        [
            "-h", "127.0.0.1", "-p", tls.TlsPort.ToString(CultureInfo.InvariantCulture), "-u", "hp-clim-01", "-P", Secret,
            "-V", "mqttv5", "-q", "1", "-t", Topics.Telemetry("horse-pit", "hp-clim-01"),
        ];

        using var withoutCa = ExternalProcess.Start("mosquitto_pub", [.. common, "--capath", "/etc/ssl/certs", "-m", """{"readings":{"rh_pct":1}}"""]);
        Assert.NotEqual(0, await withoutCa.WaitForExitAsync());
        using var withCa = ExternalProcess.Start("mosquitto_pub", [.. common, "--cafile", tls.CertificatePath, "-m", """{"ts":"2026-11-26T14:00:00Z","readings":{"rh_pct":57.5}}"""]);
        Assert.Equal(0, await withCa.WaitForExitAsync());

        using var api = await app.ClientAsAsync("bureau");
        var history = await Eventually.History(api, "hp-clim-01", "?metric=rh_pct", 1);
        Assert.Equal(57.5, Assert.Single(history.Points).Value);
    }

    [Fact]
    public async Task Tls_TheSimulatorWithTlsCa_Publishes_AndWithoutItRefusesToConnect()
    {
        var tls = BrokerTls.In(Path.Combine(_data.Path, "tls"));
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), realHttp: true, systemClock: true, settings: tls.Settings(plain: false));
        using var api = await app.ClientAsAsync("maintenance");

        async Task<bool> TwoAccepted() =>
            (await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken))!.Accepted >= 2;

        var untrusted = await RunSimulatorAsync(
            new SimOptions { Api = app.HttpAddress, MqttPort = tls.TlsPort, DevicePrefix = "hp-clim-01", Tls = true, Interval = TimeSpan.FromSeconds(1) },
            until: () => Task.FromResult(false), limit: TimeSpan.FromSeconds(5));
        var trusted = await RunSimulatorAsync(
            new SimOptions { Api = app.HttpAddress, MqttPort = tls.TlsPort, DevicePrefix = "hp-clim-01", TlsCaFile = tls.CertificatePath, Interval = TimeSpan.FromSeconds(1) },
            until: TwoAccepted, limit: TimeSpan.FromSeconds(30));

        Assert.Equal(0, untrusted.Connected);
        Assert.Equal(1, trusted.Connected);
        Assert.True(await TwoAccepted());
    }

    [Fact]
    public async Task PlainOff_ThePlainPortRefusesConnections_WhileTlsServes()
    {
        var tls = BrokerTls.In(Path.Combine(_data.Path, "tls"));
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), settings: tls.Settings(plain: false));
        app.StartServer();

        using var plain = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => plain.ConnectAsync("127.0.0.1", app.MqttPort, TestContext.Current.CancellationToken).AsTask());
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);

        using var device = new MqttClientFactory().CreateMqttClient();
        var result = await device.ConnectAsync(TlsClient(tls, "hp-clim-01", trust: true), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
    }

    [Theory]
    [InlineData("Mqtt:TlsEnabled=true", "Mqtt:TlsCertificate")]
    [InlineData("Mqtt:PlainEnabled=false", "at least one endpoint")]
    [InlineData("Mqtt:BindAddress=not-an-address", "Mqtt:BindAddress")]
    public async Task BadEndpointSettings_StopTheServerAtStart(string setting, string message)
    {
        var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.StartServer());

        var validation = error as OptionsValidationException ?? error.InnerException as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsCertificateWithoutItsKey_StopsTheServerAtStart()
    {
        var tls = BrokerTls.In(Path.Combine(_data.Path, "tls"));
        var settings = tls.Settings();
        settings["Mqtt:TlsKey"] = "";
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), settings: settings);

        var error = Assert.ThrowsAny<Exception>(() => app.StartServer());

        Assert.Contains("Mqtt:TlsCertificate", (error.InnerException ?? error).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SilentConnection_IsClosedAfterTheConnectTimeout_NotMqttnets100Seconds(bool overTls)
    {
        var tls = BrokerTls.In(Path.Combine(_data.Path, "tls"));
        var settings = tls.Settings();
        settings["Mqtt:ConnectTimeout"] = "00:00:01";
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), settings: settings);
        using var device = await app.ConnectDeviceAsync("hp-clim-01", Secret);

        using var silent = new TcpClient();
        await silent.ConnectAsync("127.0.0.1", overTls ? tls.TlsPort : app.MqttPort, TestContext.Current.CancellationToken);

        Assert.True(await ClosedByServerAsync(silent.GetStream(), TimeSpan.FromSeconds(20)), "the server closed the silent connection");
        Assert.True(device.IsConnected);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(device, "hp-clim-01", 1)).ReasonCode);
    }

    [Fact]
    public async Task TruncatedConnect_IsClosedAfterTheConnectTimeout()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Mqtt:ConnectTimeout"] = "00:00:01" });
        app.StartServer();
        var connect = RawMqtt.Connect("hp-clim-01", Secret, "raw-trunc");

        using var slow = new TcpClient();
        await slow.ConnectAsync("127.0.0.1", app.MqttPort, TestContext.Current.CancellationToken);
        await slow.GetStream().WriteAsync(connect.AsMemory(0, connect.Length / 2), TestContext.Current.CancellationToken);

        Assert.True(await ClosedByServerAsync(slow.GetStream(), TimeSpan.FromSeconds(20)), "the server closed the half-sent CONNECT");
    }

    [Fact]
    public async Task ConnectionsPerAddress_AreCapped_AndFreedWhenTheyClose()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Mqtt:MaxConnectionsPerIp"] = "3" });
        app.StartServer();
        var idle = new List<TcpClient>();
        for (var i = 0; i < 3; i++)
        {
            var socket = new TcpClient();
            await socket.ConnectAsync("127.0.0.1", app.MqttPort, TestContext.Current.CancellationToken);
            idle.Add(socket);
        }

        // The idle sockets are accepted in the background; the fourth connection from 127.0.0.1 is then refused.
        await Eventually.True(async () => !await CanConnectAsync(app, "hp-clim-01"), "a fourth connection to be refused");
        var stats = app.Services.GetRequiredService<Linzi.Heritage.Ingestion.Broker.BrokerEdgeStats>();
        Assert.True(stats.ConnectionsRefused >= 1);

        foreach (var socket in idle)
        {
            socket.Dispose();
        }

        await Eventually.True(() => CanConnectAsync(app, "hp-clim-01"), "a connection once the others closed");
    }

    [Fact]
    public async Task Garbage_TruncatedAndOversizedPackets_DropOnlyTheirConnection_WhileAWellBehavedDeviceLosesNothing()
    {
        // A long CONNECT timeout: only the packet checks may close these connections quickly.
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string> { ["Mqtt:ConnectTimeout"] = "00:01:00" });
        using var device = await app.ConnectDeviceAsync("hp-vib-01", Secret);
        const int readings = 30;
        var publishing = Task.Run(async () =>
        {
            var acks = new List<MqttClientPublishReasonCode>();
            for (var seq = 1; seq <= readings; seq++)
            {
                acks.Add((await PublishAsync(device, "hp-vib-01", seq)).ReasonCode);
            }

            return acks;
        }, TestContext.Current.CancellationToken);

        // Garbage: not MQTT at all (a first byte that is no packet type, then a remaining length over 4 bytes).
        using (var garbage = await RawAsync(app))
        {
            var bytes = new byte[4096];
            new Random(15).NextBytes(bytes);
            bytes[0] = 0x00;
            bytes[1] = 0xFF;
            bytes[2] = 0xFF;
            bytes[3] = 0xFF;
            bytes[4] = 0xFF;
            await garbage.GetStream().WriteAsync(bytes, TestContext.Current.CancellationToken);
            Assert.True(await ClosedByServerAsync(garbage.GetStream(), TimeSpan.FromSeconds(20)), "garbage closed");
        }

        // A CONNECT announcing 200 MB: closed when the header arrives, not after 200 MB (or a minute).
        using (var hugeConnect = await RawAsync(app))
        {
            await hugeConnect.GetStream().WriteAsync(new byte[] { 0x10, 0x80, 0x80, 0x80, 0x60, 0x00, 0x04 }, TestContext.Current.CancellationToken);
            Assert.True(await ClosedByServerAsync(hugeConnect.GetStream(), TimeSpan.FromSeconds(20)), "the oversized CONNECT closed");
        }

        // An authenticated device announcing a 100 MB PUBLISH: closed before the body, its session only.
        using (var flooder = await RawAsync(app))
        {
            var stream = flooder.GetStream();
            await stream.WriteAsync(RawMqtt.Connect("hp-clim-01", Secret, "raw-big"), TestContext.Current.CancellationToken);
            var connack = new byte[4];
            await stream.ReadExactlyAsync(connack, TestContext.Current.CancellationToken);
            Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x00 }, connack);
            await stream.WriteAsync(RawMqtt.PublishHeader(100_000_000), TestContext.Current.CancellationToken);
            await stream.WriteAsync(new byte[64], TestContext.Current.CancellationToken);
            Assert.True(await ClosedByServerAsync(stream, TimeSpan.FromSeconds(20)), "the oversized PUBLISH closed");
        }

        var acks = await publishing;
        Assert.All(acks, a => Assert.Equal(MqttClientPublishReasonCode.Success, a));
        Assert.True(device.IsConnected);
        var stats = app.Services.GetRequiredService<Linzi.Heritage.Ingestion.Broker.BrokerEdgeStats>();
        Assert.Equal(3, stats.OversizedPackets); // the garbage, too, announces a length over the limit
        using var api = await app.ClientAsAsync("bureau");
        var history = await Eventually.History(api, "hp-vib-01", "?metric=ppv_mm_s", readings);
        Assert.Equal(readings, history.Points.Count);
    }

    [Fact]
    public async Task FloodingDevice_IsThrottledThenDisconnected_WhileANormalDeviceKeepsBeingAcknowledged()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string>
        {
            ["Mqtt:DeviceMessagesPerSecond"] = "1",
            ["Mqtt:DeviceMessageBurst"] = "5",
            ["Mqtt:DeviceFloodDisconnectAfter"] = "20",
        });
        using var normal = await app.ConnectDeviceAsync("hp-vib-01", Secret);
        using var flooder = await app.ConnectDeviceAsync("hp-clim-01", Secret);
        var disconnectReason = -1;
        flooder.DisconnectedAsync += e =>
        {
            Volatile.Write(ref disconnectReason, (int)e.Reason);
            return Task.CompletedTask;
        };
        var floodAcks = new List<MqttClientPublishReasonCode>();
        var normalAcks = new List<MqttClientPublishReasonCode>();

        // 50 messages a second of the app's clock from a device allowed 1: 10 every 200 ms. The normal device sends
        // one reading meanwhile each time.
        for (var i = 1; i <= 50 && flooder.IsConnected; i++)
        {
            try
            {
                floodAcks.Add((await PublishAsync(flooder, "hp-clim-01", i)).ReasonCode);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttClientNotConnectedException or MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                break; // Disconnected mid-publish.
            }

            if (i % 10 == 0)
            {
                app.Time.Advance(TimeSpan.FromMilliseconds(200));
                normalAcks.Add((await PublishAsync(normal, "hp-vib-01", i / 10)).ReasonCode);
            }
        }

        Assert.All(floodAcks.Take(5), a => Assert.Equal(MqttClientPublishReasonCode.Success, a));
        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, floodAcks);
        Assert.True(floodAcks.Count(a => a == MqttClientPublishReasonCode.Success) <= 6, string.Join(",", floodAcks));
        await Eventually.True(() => Task.FromResult(!flooder.IsConnected), "the flooder to be disconnected");
        Assert.Equal((int)MqttClientDisconnectReason.MessageRateTooHigh, Volatile.Read(ref disconnectReason));

        // The normal device was never slowed: every reading acknowledged and stored, its connection untouched.
        Assert.NotEmpty(normalAcks);
        Assert.All(normalAcks, a => Assert.Equal(MqttClientPublishReasonCode.Success, a));
        Assert.True(normal.IsConnected);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(normal, "hp-vib-01", 59)).ReasonCode);
        using var api = await app.ClientAsAsync("maintenance");
        var history = await Eventually.History(api, "hp-vib-01", "?metric=ppv_mm_s", normalAcks.Count + 1);
        Assert.Equal(normalAcks.Count + 1, history.Points.Count);
        var stats = await api.GetFromJsonAsync<IngestionStatsDto>("/api/ingestion/stats", TestContext.Current.CancellationToken);
        Assert.True(stats!.Rejected["rate_limited"] >= 1);

        // Once its rate has paid the flood back, the device may publish again.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        using var again = await app.ConnectDeviceAsync("hp-clim-01", Secret, clientId: "again-hp-clim-01");
        Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishAsync(again, "hp-clim-01", 58)).ReasonCode);
    }

    [Fact]
    public async Task ByteRate_RefusesAPublishOverTheDevicesByteBudget()
    {
        await using var app = new HeritageApp(_data.Path, settings: new Dictionary<string, string>
        {
            ["Mqtt:DeviceBytesPerSecond"] = "1024",
            ["Mqtt:DeviceByteBurst"] = "4096",
            ["Mqtt:MaxPacketBytes"] = "4096",
        });
        using var device = await app.ConnectDeviceAsync("hp-clim-01", Secret);
        var acks = new List<MqttClientPublishReasonCode>();
        for (var seq = 1; seq <= 60; seq++)
        {
            acks.Add((await PublishAsync(device, "hp-clim-01", seq)).ReasonCode);
        }

        // About 100 bytes each: the 4 KiB burst lets some 40 through, then the budget is spent.
        Assert.Equal(MqttClientPublishReasonCode.Success, acks[0]);
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, acks[^1]);
    }

    private static async Task<TcpClient> RawAsync(HeritageApp app)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.MqttPort, TestContext.Current.CancellationToken);
        return client;
    }

    private static async Task<bool> CanConnectAsync(HeritageApp app, string deviceId)
    {
        try
        {
            var (client, result) = await app.TryConnectDeviceAsync(deviceId, Secret, clientId: "probe-" + Guid.NewGuid().ToString("N")[..6]);
            using (client)
            {
                return result.ResultCode == MqttClientConnectResultCode.Success;
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for the server to close the connection: a read returns 0 or the connection is reset. False when the
    /// limit passes first (the server kept it open).
    /// </summary>
    internal static async Task<bool> ClosedByServerAsync(NetworkStream stream, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
                // A CONNACK or DISCONNECT may come first.
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal static Task<MqttClientPublishResult> PublishAsync(IMqttClient device, string deviceId, int seq) =>
        device.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(Topics.Telemetry("horse-pit", deviceId))
                .WithPayload($$$"""{"ts":"2026-11-26T13:{{{seq / 60:00}}}:{{{seq % 60:00}}}Z","seq":{{{seq}}},"readings":{"ppv_mm_s":0.0{{{seq % 10}}}}}""")
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);

    internal static MqttClientOptions TlsClient(BrokerTls tls, string deviceId, bool trust) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", tls.TlsPort)
            .WithClientId("tls-" + deviceId + "-" + Guid.NewGuid().ToString("N")[..6])
            .WithCredentials(deviceId, Secret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(o =>
            {
                o.UseTls();
                if (trust)
                {
                    o.WithCertificateValidationHandler(e => tls.Trusts(e.Certificate));
                }
            })
            .Build();

    // Runs the simulator until the condition holds (checked every 100 ms) or the limit passes.
    private static async Task<FleetSummary> RunSimulatorAsync(SimOptions options, Func<Task<bool>> until, TimeSpan limit)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(limit);
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !await until())
            {
                await Task.Delay(100, CancellationToken.None);
            }

            await stop.CancelAsync();
        }, CancellationToken.None);
        var output = TestContext.Current.TestOutputHelper is { } o ? new HelperWriter(o) : TextWriter.Null;
        var summary = await FleetRunner.RunWithSummaryAsync(options, TimeProvider.System, output, stop.Token);
        await stop.CancelAsync();
        await watch;
        return summary;
    }

    public void Dispose() => _data.Dispose();
}
