using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Linzi.Heritage.FirmwareSim;
using Linzi.Heritage.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Server;

namespace Linzi.Heritage.Server.Tests.EndToEnd;

/// <summary>The simulator over TLS, against a real MQTTnet broker with a self-signed certificate for 127.0.0.1.</summary>
public sealed class FirmwareTlsTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Tls_WithTheBrokersCertificateTrusted_Publishes_AndWithoutItRefusesToConnect()
    {
        using var certificate = SelfSigned();
        Directory.CreateDirectory(_data.Path);
        var caFile = Path.Combine(_data.Path, "broker.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
        var port = HeritageApp.FreePort();
        var serverOptions = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointPort(port)
            .Build();
        serverOptions.TlsEndpointOptions.CertificateProvider = new MQTTnet.Certificates.X509CertificateProvider(certificate);
        using var broker = new MqttServerFactory().CreateMqttServer(serverOptions);
        var received = 0;
        broker.InterceptingPublishAsync += e =>
        {
            if (e.ApplicationMessage.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref received);
            }

            return Task.CompletedTask;
        };
        await broker.StartAsync();
        await using var app = new HeritageApp(Path.Combine(_data.Path, "server"), realHttp: true, systemClock: true);

        var trusted = await RunAsync(
            new SimOptions { Api = app.HttpAddress, MqttPort = port, DevicePrefix = "hp-clim-01", Interval = TimeSpan.FromSeconds(1), TlsCaFile = caFile },
            until: () => Volatile.Read(ref received) >= 2);
        var untrusted = await RunAsync(new SimOptions { Api = app.HttpAddress, MqttPort = port, DevicePrefix = "hp-clim-01", Tls = true }, until: () => false);

        Assert.Equal(1, trusted.Connected);
        Assert.True(received >= 2, $"readings over TLS: {received}");
        Assert.Equal(0, untrusted.Connected); // a self-signed broker is refused unless its certificate is given
        await broker.StopAsync();
    }

    // Runs the fleet until the condition holds (checked every 50 ms), or for at most 20 s: a slow machine gets more
    // time instead of a failure, and a fast one does not wait for nothing.
    private static async Task<FleetSummary> RunAsync(SimOptions options, Func<bool> until)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(20));
        var watch = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !until())
            {
                await Task.Delay(50, CancellationToken.None);
            }

            await stop.CancelAsync();
        }, CancellationToken.None);
        var summary = await FleetRunner.RunWithSummaryAsync(options, TimeProvider.System, TestContext.Current.TestOutputHelper is { } o ? new HelperWriter(o) : TextWriter.Null, stop.Token);
        await stop.CancelAsync();
        await watch;
        return summary;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public void Dispose() => _data.Dispose();
}

internal sealed class HelperWriter(ITestOutputHelper helper) : TextWriter
{
    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void WriteLine(string? value) => helper.WriteLine(value ?? "");

    public override Task WriteLineAsync(string? value)
    {
        helper.WriteLine(value ?? "");
        return Task.CompletedTask;
    }
}
