using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// One simulated field device, as real firmware behaves:
/// <list type="bullet">
/// <item>MQTT 5 (optionally TLS), QoS 1, a persistent session, a last will of <c>offline</c> and a retained
/// <c>online</c> status with the firmware version, repeated as a heartbeat;</item>
/// <item>it subscribes to its <c>cmd</c> topic and obeys <c>sample_interval_s</c>;</item>
/// <item>store-and-forward: readings go into a bounded buffer (a file with <c>--buffer-dir</c>) and leave it only
/// once acknowledged; after an outage they are replayed oldest first as contract arrays;</item>
/// <item>reconnects with exponential back-off and jitter; a drifting clock set right on connect; battery and RSSI;</item>
/// <item>sensor faults on demand: stuck, spike, drift, dropout, and a power cut (the connection just ends).</item>
/// </list>
/// Not thread-safe: the fleet's loop drives it.
/// </summary>
internal sealed class SimulatedDevice : IAsyncDisposable
{
    public const string Firmware = "sim-1.0.0";
    private const int MaxPerPublish = 100;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(60);

    private readonly DeviceDto _device;
    private readonly string _secret;
    private readonly SimOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly DeviceModel _model;
    private readonly DeviceBuffer _buffer;
    private readonly Dictionary<string, double> _stuck = new(StringComparer.Ordinal);
    private IMqttClient? _client;
    private int _failures;
    private DateTimeOffset _nextConnectAttempt = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSample = DateTimeOffset.MinValue;
    private DateTimeOffset _lastHeartbeat = DateTimeOffset.MinValue;

    public SimulatedDevice(DeviceDto device, SimOptions options, TimeProvider time, string? secret = null)
    {
        _secret = secret ?? options.DeviceSecret;
        _device = device;
        _options = options;
        _time = time;
        _random = new Random(HashCode.Combine(options.Seed, StableHash(device.Id)));
        _model = new DeviceModel(_random, options.ClockDriftPpm * ((_random.NextDouble() * 2) - 1));
        _buffer = new DeviceBuffer(device.Id, options.BufferDirectory, options.BufferCapacity);
        Interval = options.Interval;
    }

    public string Id => _device.Id;

    /// <summary>Time between readings; the server may change it through <c>cmd</c>.</summary>
    public TimeSpan Interval { get; private set; }

    public bool Connected => _client?.IsConnected == true;

    public bool Dead { get; private set; }

    public long Published { get; private set; }

    public long Taken { get; private set; }

    public int Buffered => _buffer.Pending.Count;

    public long Reconnects { get; private set; }

    /// <summary>Connects (used at start-up; later the tick reconnects with back-off).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = DeviceConnection.Options("sim-" + _device.Id, _device.SiteId, _device.Id, _options.MqttHost, _options.MqttPort, _secret)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600) // the broker keeps cmd messages for an hour of outage
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
        if (_options.Tls || _options.TlsCaFile is not null)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (_options.TlsCaFile is { } caFile)
                {
                    tls.WithCertificateValidationHandler(e => TlsTrust.Validate(e.Certificate, e.SslPolicyErrors, caFile));
                }
            });
        }

        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            ObeyCommand(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        var result = await client.ConnectAsync(builder.Build(), cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success || !client.IsConnected)
        {
            client.Dispose();
            throw new InvalidOperationException($"{_device.Id}: connect refused ({result.ResultCode})");
        }

        await client.SubscribeAsync(Topics.Command(_device.SiteId, _device.Id), MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        _client = client;
        _model.Sync(_time.GetUtcNow());
        await PublishStatusAsync(cancellationToken);
    }

    /// <summary>Takes a reading when one is due, and sends what is buffered when connected.</summary>
    public async Task TickAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        if (Dead)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var fault = _options.FaultFor(_device.Id, elapsed);
        if (fault == "powercut")
        {
            PowerCut();
            return;
        }

        if (now >= _nextSample)
        {
            _nextSample = now + Interval;
            if (fault != "dropout")
            {
                TakeReading(now, elapsed, fault);
            }
        }

        if (!Connected && !await TryReconnectAsync(now, cancellationToken))
        {
            return;
        }

        try
        {
            while (_buffer.Pending.Count > 0)
            {
                var batch = _buffer.Pending.Take(MaxPerPublish).ToArray();
                var payload = batch.Length == 1 ? JsonSerializer.SerializeToUtf8Bytes(batch[0]) : JsonSerializer.SerializeToUtf8Bytes(batch);
                await PublishAsync(Topics.Telemetry(_device.SiteId, _device.Id), payload, retain: false, cancellationToken);
                _buffer.Acknowledged(batch.Length); // only now: the PUBACK means the server has it
                Published += batch.Length;
            }

            if (now - _lastHeartbeat >= Heartbeat)
            {
                await PublishStatusAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            DropConnection(); // keep the buffer; the next tick reconnects with back-off and replays it
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true } client)
        {
            try
            {
                var offline = new StatusMessage { State = StatusMessage.Offline, Ts = _time.GetUtcNow(), Fw = Firmware };
                await PublishAsync(Topics.Status(_device.SiteId, _device.Id), JsonSerializer.SerializeToUtf8Bytes(offline), retain: true, CancellationToken.None);
                await client.DisconnectAsync();
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        _client?.Dispose();
    }

    private void TakeReading(DateTimeOffset now, TimeSpan elapsed, string? fault)
    {
        var values = new Dictionary<string, double>();
        foreach (var metric in _device.Metrics)
        {
            var value = Scenarios.Override(_options.Scenario, _device.SiteId, metric, elapsed, _random)
                        ?? Signals.Background(metric, _device.SiteId, now, _random);
            values[metric] = fault switch
            {
                "stuck" => _stuck.TryGetValue(metric, out var held) ? held : _stuck[metric] = value,
                "spike" when Taken % 5 == 0 => Math.Round(value * (5 + (_random.NextDouble() * 20)), 3), // every fifth reading
                "drift" => Math.Round(value * (1 + (elapsed.TotalMinutes * 0.01)), 3),
                _ => value,
            };
        }

        var (lat, lon) = Scenarios.Position(_options.Scenario, _device.Id, _device.Lat, _device.Lon, elapsed, _random);
        var ts = _model.Now(now);
        _buffer.Add(seq => new TelemetryMessage
        {
            Ts = ts,
            Seq = seq,
            Readings = values,
            BatteryV = _model.Battery(now),
            RssiDbm = _model.Rssi(),
            Drill = _options.Drill,
            Lat = _device.Mobile ? lat : null,
            Lon = _device.Mobile ? lon : null,
        });
        Taken++;
    }

    private async Task<bool> TryReconnectAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now < _nextConnectAttempt)
        {
            return false;
        }

        try
        {
            await ConnectAsync(cancellationToken);
            Reconnects++;
            _failures = 0;
            return true;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            _failures++;
            _nextConnectAttempt = now + Backoffs.For(_failures, _random);
            return false;
        }
    }

    private void ObeyCommand(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            if (json.RootElement.TryGetProperty("sample_interval_s", out var interval) && interval.TryGetDouble(out var seconds) && seconds is >= 1 and <= 86_400)
            {
                Interval = TimeSpan.FromSeconds(seconds);
                _nextSample = _time.GetUtcNow() + Interval;
            }
        }
        catch (JsonException)
        {
            // A command the firmware does not understand is ignored, as real firmware does.
        }
    }

    // A power cut: no goodbye, no offline status; a clean DISCONNECT keeps the broker from sending the last will, so
    // only the silence tells.
    private void PowerCut()
    {
        Dead = true;
        if (_client is { IsConnected: true } client)
        {
            _ = client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build());
        }
    }

    private void DropConnection()
    {
        _client?.Dispose();
        _client = null;
        _nextConnectAttempt = _time.GetUtcNow() + Backoffs.For(++_failures, _random);
    }

    private async Task PublishStatusAsync(CancellationToken cancellationToken)
    {
        var online = new StatusMessage { State = StatusMessage.Online, Ts = _time.GetUtcNow(), Fw = Firmware };
        await PublishAsync(Topics.Status(_device.SiteId, _device.Id), JsonSerializer.SerializeToUtf8Bytes(online), retain: true, cancellationToken);
        _lastHeartbeat = _time.GetUtcNow();
    }

    private async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new InvalidOperationException($"{_device.Id}: not connected");
        await DeviceConnection.PublishAsync(client, topic, payload, retain, cancellationToken);
    }

    // string.GetHashCode is randomised per process; seeds must be reproducible.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
