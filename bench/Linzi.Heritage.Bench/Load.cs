using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Bench;

/// <summary>A simulated device: its credentials and the next <c>seq</c> it sends (kept across scenarios, so numbers only rise).</summary>
internal sealed class BenchDevice(string id, string secret)
{
    private long _seq;

    public string Id => id;

    public string Secret => secret;

    public long NextSeq() => Interlocked.Increment(ref _seq);
}

/// <summary>A device's open MQTT connection.</summary>
internal sealed record Connection(BenchDevice Device, IMqttClient Client);

/// <summary>What a publishing run did: messages acknowledged and the time to the last PUBACK.</summary>
internal sealed record LoadResult(long Acknowledged, long Failed, TimeSpan Elapsed)
{
    public double PerSecond => Acknowledged / Elapsed.TotalSeconds;
}

/// <summary>
/// The workload, the same for every target: QoS 1 publishes of one ~87-byte reading object (ts, seq, temp_c, rh_pct)
/// to <c>heritage/horse-pit/{device}/telemetry</c>, a fixed number in flight per connection.
/// </summary>
internal static class Load
{
    public const int InFlightPerConnection = 20;

    // Timestamps count milliseconds up from three hours ago by seq: unique per device (InfluxDB keeps one point per
    // series and time) and never in the future, however long the run.
    private static readonly DateTimeOffset Epoch = TimeProvider.System.GetUtcNow().AddHours(-3);

    public static async Task<List<Connection>> ConnectAsync(IEnumerable<BenchDevice> devices, int port, int parallel = 64)
    {
        using var gate = new SemaphoreSlim(parallel);
        return [.. await Task.WhenAll(devices.Select(async d =>
        {
            await gate.WaitAsync();
            try
            {
                var client = new MqttClientFactory().CreateMqttClient();
                await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(d.Id)
                    .WithCredentials(d.Id, d.Secret).WithProtocolVersion(MqttProtocolVersion.V500)
                    .WithKeepAlivePeriod(TimeSpan.FromMinutes(5)).WithTimeout(TimeSpan.FromSeconds(60)).Build());
                return new Connection(d, client);
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    public static async Task DisconnectAsync(IEnumerable<Connection> connections)
    {
        foreach (var c in connections)
        {
            try
            {
                await c.Client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone: nothing to close.
            }

            c.Client.Dispose();
        }
    }

    /// <summary>
    /// Sends <paramref name="messages"/> spread evenly over the connections, <see cref="InFlightPerConnection"/> at a
    /// time each; flat out when <paramref name="perSecond"/> is 0, else each message at its slot of an even schedule.
    /// <paramref name="timings"/>, when given, gets each PUBACK's latency in ms with the second of the run it was sent in.
    /// </summary>
    public static async Task<LoadResult> PublishAsync(
        IReadOnlyList<Connection> connections, long messages, double perSecond = 0, double rhPct = 55.2, ConcurrentQueue<(double At, double Ms)>? timings = null)
    {
        var acknowledged = 0L;
        var failed = 0L;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(async (c, ci) =>
        {
            var share = (messages / connections.Count) + (ci < messages % connections.Count ? 1 : 0);
            var perConnection = perSecond / connections.Count;
            var next = -1L;
            // Connections are offset within one interval, so that slow senders (a device every 10 s) do not all
            // publish at the same instant.
            var offset = (double)ci / connections.Count;
            await Task.WhenAll(Enumerable.Range(0, (int)Math.Min(InFlightPerConnection, share)).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < share; i = Interlocked.Increment(ref next))
                {
                    if (perConnection > 0)
                    {
                        var due = TimeSpan.FromSeconds((i + offset) / perConnection) - watch.Elapsed;
                        if (due > TimeSpan.FromMilliseconds(1))
                        {
                            await Task.Delay(due);
                        }
                    }

                    var sent = watch.Elapsed;
                    var ok = await PublishOneAsync(c, rhPct);
                    timings?.Enqueue((sent.TotalSeconds, (watch.Elapsed - sent).TotalMilliseconds));
                    if (ok)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
        }));
        return new LoadResult(acknowledged, failed, watch.Elapsed);
    }

    public static async Task<bool> PublishOneAsync(Connection c, double rhPct)
    {
        try
        {
            var ack = await c.Client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"heritage/horse-pit/{c.Device.Id}/telemetry").WithPayload(Payload(c.Device.NextSeq(), rhPct))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return ack.IsSuccess;
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The reading object. A breach (an alert to time) carries no <c>ts</c>, so it is read as "now" and a rule engine
    /// that looks at reading time sees a fresh breach, not one from three hours ago.
    /// </summary>
    public static byte[] Payload(long seq, double rhPct) => Encoding.UTF8.GetBytes(rhPct > 75
        ? string.Create(CultureInfo.InvariantCulture, $$$"""{"seq":{{{seq}}},"readings":{"temp_c":8.1,"rh_pct":{{{rhPct}}}}}""")
        : string.Create(CultureInfo.InvariantCulture,
            $$$"""{"ts":"{{{Epoch.AddMilliseconds(seq).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}}","seq":{{{seq}}},"readings":{"temp_c":8.1,"rh_pct":{{{rhPct}}}}}"""));
}
