using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Vocabulary;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Bench;

/// <summary>The simulated devices of a run and their publishing loop.</summary>
internal static class Fleet
{
    public sealed record Device(string Id, string Secret);

    public sealed record Result(long Readings, long Received, TimeSpan Elapsed)
    {
        public double PerSecond => Readings / Elapsed.TotalSeconds;
    }

    /// <summary>Provisions fresh devices at the horse pit (unique ids per run, so sequence numbers start clean).</summary>
    public static async Task<List<Device>> ProvisionAsync(HttpClient http, int count)
    {
        var run = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var devices = new List<Device>();
        for (var i = 0; i < count; i++)
        {
            var id = $"bench-{run}-{i:D4}";
            using var response = await http.PostAsJsonAsync("/api/devices", new ProvisionDeviceRequest(id, "horse-pit", DeviceKinds.Climate, 36.8751, 118.368, [MetricNames.TempC, MetricNames.RhPct]));
            response.EnsureSuccessStatusCode();
            devices.Add(new Device(id, (await response.Content.ReadFromJsonAsync<ProvisionDeviceResponse>())!.Secret));
        }

        return devices;
    }

    /// <summary>Every device publishes its batches as fast as acknowledgements come back.</summary>
    public static async Task<Result> PublishAsync(BenchOptions options, IReadOnlyList<Device> devices, string host, int port, string siteId = "horse-pit")
    {
        var clients = await Task.WhenAll(devices.Select(async d =>
        {
            var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(d.Id)
                .WithCredentials(d.Id, d.Secret).WithProtocolVersion(MqttProtocolVersion.V500).Build());
            return (Device: d, Client: client);
        }));

        var start = TimeProvider.System.GetUtcNow().AddHours(-2);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var b = 0; b < options.Batches; b++)
            {
                var payload = Batch(start, b, options.BatchSize);
                var message = new MqttApplicationMessageBuilder().WithTopic($"heritage/{siteId}/{c.Device.Id}/telemetry")
                    .WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                var ack = await c.Client.PublishAsync(message);
                if (!ack.IsSuccess)
                {
                    throw new InvalidOperationException($"{c.Device.Id}: {ack.ReasonCode}");
                }
            }
        }));
        watch.Stop();
        foreach (var (_, client) in clients)
        {
            await client.DisconnectAsync();
            client.Dispose();
        }

        long readings = (long)devices.Count * options.Batches * options.BatchSize;
        return new Result(readings, readings, watch.Elapsed);
    }

    public static async Task<long> AcceptedAsync(HttpClient http)
    {
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/api/ingestion/stats"));
        return stats.RootElement.GetProperty("accepted").GetInt64();
    }

    /// <summary>Waits until every journal consumer has caught up, so a following measurement starts from idle.</summary>
    public static async Task WaitForConsumersAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            using var stats = JsonDocument.Parse(await http.GetStringAsync("/api/ingestion/stats"));
            if (stats.RootElement.GetProperty("consumers").EnumerateObject().All(c => c.Value.GetProperty("backlog").GetInt64() == 0))
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    public static async Task<long> WaitForAcceptedAsync(HttpClient http, long expected)
    {
        for (var i = 0; i < 100; i++)
        {
            var accepted = await AcceptedAsync(http);
            if (accepted >= expected)
            {
                return accepted;
            }

            await Task.Delay(100);
        }

        return await AcceptedAsync(http);
    }

    private static byte[] Batch(DateTimeOffset start, int batch, int size)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < size; i++)
        {
            var n = (batch * size) + i;
            var ts = start.AddMilliseconds(n).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            json.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $$$"""{"ts":"{{{ts}}}","seq":{{{n + 1}}},"readings":{"{{{MetricNames.TempC}}}":8.5,"{{{MetricNames.RhPct}}}":{{{50 + (n % 10)}}}}}""");
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }
}
