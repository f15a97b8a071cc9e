using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.Server.Ingestion;
using Linzi.Heritage.Server.Tests.EndToEnd;
using Linzi.Heritage.Server.Tests.Infrastructure;
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
