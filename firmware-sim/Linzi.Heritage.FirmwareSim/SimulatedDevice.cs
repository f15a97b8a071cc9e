using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// One simulated field device: MQTT 5, QoS 1, a retained <c>online</c> status with a last will of <c>offline</c>,
/// rising <c>seq</c> numbers, and a bounded in-memory buffer that is replayed oldest first as a contract array when
/// a publish fails. Not thread-safe: one loop drives it.
/// </summary>
internal sealed class SimulatedDevice(DeviceDto device, SimOptions options, TimeProvider time) : IAsyncDisposable
{
    private const string Firmware = "sim-0.1.0";
    private const int MaxBuffered = 1_000;

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Random _random = new(device.Id.GetHashCode(StringComparison.Ordinal));
    private readonly Queue<TelemetryMessage> _buffer = new();
    private long _seq;

    public string Id => device.Id;

    public int Published { get; private set; }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var offline = JsonSerializer.SerializeToUtf8Bytes(new StatusMessage { State = StatusMessage.Offline });
        var connect = new MqttClientOptionsBuilder()
            .WithTcpServer(options.MqttHost, options.MqttPort)
            .WithClientId("sim-" + device.Id)
            .WithCredentials(device.Id, options.DeviceSecret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithWillTopic(Topics.Status(device.SiteId, device.Id))
            .WithWillPayload(offline)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain()
            .Build();
        var result = await _client.ConnectAsync(connect, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success || !_client.IsConnected)
        {
            throw new InvalidOperationException($"{device.Id}: connect refused ({result.ResultCode})");
        }

        var online = new StatusMessage { State = StatusMessage.Online, Ts = time.GetUtcNow(), Fw = Firmware };
        await PublishAsync(Topics.Status(device.SiteId, device.Id), JsonSerializer.SerializeToUtf8Bytes(online), retain: true, cancellationToken);
    }

    /// <summary>Takes one reading and sends it with anything still buffered.</summary>
    public async Task TickAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var readings = new Dictionary<string, double>();
        foreach (var metric in device.Metrics)
        {
            readings[metric] = Scenarios.Override(options.Scenario, device.SiteId, metric, elapsed, _random)
                               ?? Signals.Background(metric, device.SiteId, now, _random);
        }

        var (lat, lon) = Scenarios.Position(options.Scenario, device.Id, device.Lat, device.Lon, elapsed, _random);
        _buffer.Enqueue(new TelemetryMessage
        {
            Ts = now,
            Seq = ++_seq,
            Readings = readings,
            BatteryV = Math.Round(3.7 - (_seq % 1000) * 0.0002, 3),
            RssiDbm = -60 - _random.Next(0, 25),
            Drill = options.Drill,
            Lat = device.Mobile ? lat : null,
            Lon = device.Mobile ? lon : null,
        });
        while (_buffer.Count > MaxBuffered)
        {
            _buffer.Dequeue(); // Oldest first out: a real logger's ring buffer does the same.
        }

        try
        {
            if (!_client.IsConnected)
            {
                await ConnectAsync(cancellationToken);
            }

            var batch = _buffer.ToArray();
            byte[] payload = batch.Length == 1 ? JsonSerializer.SerializeToUtf8Bytes(batch[0]) : JsonSerializer.SerializeToUtf8Bytes(batch);
            await PublishAsync(Topics.Telemetry(device.SiteId, device.Id), payload, retain: false, cancellationToken);
            Published += batch.Length;
            _buffer.Clear();
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            // Keep the buffer; the next tick reconnects and replays it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            var offline = new StatusMessage { State = StatusMessage.Offline, Ts = time.GetUtcNow(), Fw = Firmware };
            await PublishAsync(Topics.Status(device.SiteId, device.Id), JsonSerializer.SerializeToUtf8Bytes(offline), retain: true, CancellationToken.None);
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{device.Id}: publish to {topic} refused: {result.ReasonCode} {result.ReasonString}");
        }
    }
}
