using System.Globalization;
using System.Net;
using MQTTnet.Server;

namespace Linzi.Heritage.Bench;

/// <summary>
/// <c>baseline-broker --port N --count-port M</c>: the transport ceiling. A bare MQTTnet broker in its own process
/// whose publish interceptor only counts (so a QoS 1 PUBACK costs exactly the broker's own work), and a plain HTTP
/// <c>GET /count</c> on the second port that the generator polls. Runs until killed.
/// </summary>
internal static class BaselineBroker
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[Array.IndexOf(args, "--port") + 1], CultureInfo.InvariantCulture);
        var countPort = int.Parse(args[Array.IndexOf(args, "--count-port") + 1], CultureInfo.InvariantCulture);
        var received = 0L;
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        server.InterceptingPublishAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await server.StartAsync();

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{countPort}/");
        listener.Start();
        Console.WriteLine($"bare MQTTnet broker on {port}, count on http://127.0.0.1:{countPort}/count");
        while (true)
        {
            var context = await listener.GetContextAsync();
            var body = System.Text.Encoding.ASCII.GetBytes(Interlocked.Read(ref received).ToString(CultureInfo.InvariantCulture));
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
