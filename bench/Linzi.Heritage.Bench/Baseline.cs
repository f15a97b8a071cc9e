using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Linzi.Heritage.Bench;

/// <summary>
/// The raw broker doing nothing else: a bare MQTTnet server in this process, the same publishers and load, and one
/// plain subscriber counting what arrives. The server's number is read against this.
/// </summary>
internal static class Baseline
{
    public static async Task<Fleet.Result> RunAsync(BenchOptions options)
    {
        var port = FreePort();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        var received = 0L;
        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("baseline-subscriber").Build());
        await subscriber.SubscribeAsync("heritage/#", MqttQualityOfServiceLevel.AtLeastOnce);

        var devices = Enumerable.Range(0, options.Devices).Select(i => new Fleet.Device($"baseline-{i:D4}", "")).ToList();
        var result = await Fleet.PublishAsync(options, devices, "127.0.0.1", port);
        for (var i = 0; i < 100 && Interlocked.Read(ref received) < (long)options.Devices * options.Batches; i++)
        {
            await Task.Delay(100);
        }

        await server.StopAsync();
        // One message carries BatchSize readings.
        return result with { Received = Interlocked.Read(ref received) * options.BatchSize };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
