using System.Collections.Concurrent;
using System.Diagnostics;
using Linzi.Heritage.Contracts.Hub;
using Microsoft.AspNetCore.SignalR.Client;
using MQTTnet;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Bench;

/// <summary>Publish-to-alert latencies in milliseconds (sorted) and how many of the alerts sent arrived.</summary>
internal sealed record AlertResult(double[] Latencies, int Sent, LoadResult Background, Usage Usage)
{
    public double Percentile(double p) => AlertLatency.Percentile(Latencies, p);
}

/// <summary>
/// Alert latency under load: 1,000 msg/s of ordinary readings in the background and, 20 times a second, one reading
/// from a device not yet in alert that breaks rh_pct &gt; 75 (a fresh device each time: an alert stays active per
/// rule and device, so a second breach would raise nothing). Timed from just before the publish to the alert at the
/// client: the system's SignalR <c>AlertRaised</c> for the bureau, the peer's MQTT message on <c>alerts/#</c>.
/// </summary>
internal static class AlertScenario
{
    public static async Task<AlertResult> RunAsync(Target target, ProcessMeter meter, IReadOnlyList<Connection> load,
        IReadOnlyList<Connection> breachers, int perSecond, int background)
    {
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        void Arrived(string deviceId)
        {
            if (sent.TryGetValue(deviceId, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        await using var listener = await ListenAsync(target, Arrived);
        await Scenarios.CatchUpAsync(target, TimeSpan.FromSeconds(60));
        var cpu = meter.CpuSeconds();
        var watch = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds((double)breachers.Count / perSecond);
        var backgroundRun = Load.PublishAsync(load, (long)(background * duration.TotalSeconds), background);
        var publishes = new List<Task>();
        for (var k = 0; k < breachers.Count; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / perSecond) - watch.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var c = breachers[k];
            sent[c.Device.Id] = Stopwatch.GetTimestamp();
            publishes.Add(Task.Run(async () => target.Count(new LoadResult(await Load.PublishOneAsync(c, 80) ? 1 : 0, 0, TimeSpan.Zero))));
        }

        var backgroundResult = target.Count(await backgroundRun);
        await Task.WhenAll(publishes);
        for (var i = 0; i < 100 && latencies.Count < breachers.Count; i++)
        {
            await Task.Delay(100);
        }

        return new AlertResult([.. latencies.Order()], breachers.Count, backgroundResult, meter.Since(cpu, watch.Elapsed));
    }

    private static async Task<IAsyncDisposable> ListenAsync(Target target, Action<string> arrived)
    {
        if (target.Api is { } api)
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(api.Url, "hubs/monitor?access_token=" + Uri.EscapeDataString(await api.TokenAsync("bureau"))))
                .Build();
            hub.On<AlertDto>(nameof(IMonitorClient.AlertRaised), alert => arrived(alert.DeviceId));
            await hub.StartAsync();
            return hub;
        }

        var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            arrived(e.ApplicationMessage.Topic.Split('/')[^1]);
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", target.MqttPort).WithClientId("bench-alerts").Build());
        await subscriber.SubscribeAsync("alerts/#", MqttQualityOfServiceLevel.AtLeastOnce);
        return new MqttListener(subscriber);
    }

    private sealed class MqttListener(IMqttClient client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await client.DisconnectAsync();
            client.Dispose();
        }
    }
}
