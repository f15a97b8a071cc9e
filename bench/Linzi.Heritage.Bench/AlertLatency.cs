using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Contracts.Vocabulary;
using Microsoft.AspNetCore.SignalR.Client;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Bench;

/// <summary>
/// Publish-to-alert latency at a SignalR client: each device publishes one reading that breaks the bench's
/// humidity rule, and the time from its publish to the bureau's <c>AlertRaised</c> is recorded.
/// </summary>
internal static class AlertLatency
{
    /// <summary>
    /// Creates the bench's own rule (humidity above 75 %, raised at once) unless it exists: the demo humidity rules
    /// wait for ten minutes of breach, which is right for a museum hall and useless for a latency measurement.
    /// </summary>
    public static async Task EnsureRuleAsync(Uri api, string bureauToken)
    {
        using var http = new HttpClient { BaseAddress = api };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bureauToken);
        using var body = new StringContent(
            $$$"""{"id":"bench-rh","name":"bench: humidity above 75 %","severity":"yellow","scope":{"siteIds":["horse-pit"],"deviceKinds":["{{{DeviceKinds.Climate}}}"]},"condition":{"metric":"{{{MetricNames.RhPct}}}","op":">","value":75}}""",
            Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/rules", UriKind.Relative), body);
        if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"creating the bench rule failed: {(int)response.StatusCode}");
        }
    }

    public static async Task<double[]> MeasureAsync(Uri api, string token, IReadOnlyList<Fleet.Device> devices, int mqttPort)
    {
        var sent = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api, "hubs/monitor?access_token=" + Uri.EscapeDataString(token)))
            .Build();
        hub.On<AlertDto>(nameof(IMonitorClient.AlertRaised), alert =>
        {
            if (sent.TryGetValue(alert.DeviceId, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });
        await hub.StartAsync();

        await Task.WhenAll(devices.Select(async d =>
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mqttPort).WithClientId(d.Id + "-alert")
                .WithCredentials(d.Id, d.Secret).WithProtocolVersion(MqttProtocolVersion.V500).Build());
            var message = new MqttApplicationMessageBuilder().WithTopic($"heritage/horse-pit/{d.Id}/telemetry")
                .WithPayload(Encoding.UTF8.GetBytes($$$"""{"readings":{"{{{MetricNames.RhPct}}}":80}}"""))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            sent[d.Id] = Stopwatch.GetTimestamp();
            await client.PublishAsync(message);
            await client.DisconnectAsync();
        }));

        for (var i = 0; i < 100 && latencies.Count < devices.Count; i++)
        {
            await Task.Delay(100);
        }

        return [.. latencies.Order()];
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
