using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.FirmwareSim.Verify;

/// <summary>
/// A device in a scenario: MQTT 5, QoS 1, a last will, store-and-forward through a network outage (buffered
/// readings go out oldest first as one contract array after reconnecting), and a power cut (the connection just
/// ends, without an offline status). Not thread-safe: the runner drives it.
/// </summary>
internal sealed class ScenarioDevice(DeviceDto device, string host, int port, string secret) : IAsyncDisposable
{
    private readonly List<TelemetryMessage> _buffer = [];
    private IMqttClient? _client;

    public DeviceDto Device => device;

    public long Seq { get; set; }

    public bool Dead { get; private set; }

    public int Sent { get; private set; }

    public int Replayed { get; private set; }

    public int Buffered => _buffer.Count;

    /// <summary>Sends a reading now, or buffers it while the network is down.</summary>
    public async Task OfferAsync(TelemetryMessage message, bool networkDown, CancellationToken cancellationToken)
    {
        if (Dead)
        {
            return;
        }

        _buffer.Add(message);
        if (networkDown)
        {
            DropConnection();
            return;
        }

        _client ??= await ConnectAsync(cancellationToken);
        var payload = _buffer.Count == 1 ? JsonSerializer.SerializeToUtf8Bytes(_buffer[0]) : JsonSerializer.SerializeToUtf8Bytes(_buffer);
        await PublishAsync(_client, Topics.Telemetry(device.SiteId, device.Id), payload, retain: false, cancellationToken);
        Sent += _buffer.Count;
        Replayed += _buffer.Count - 1;
        _buffer.Clear();
    }

    /// <summary>A power cut: the device stops; it says goodbye to no one (a clean DISCONNECT suppresses the last will).</summary>
    public async Task PowerCutAsync()
    {
        if (Dead)
        {
            return;
        }

        Dead = true;
        if (_client is { IsConnected: true } client)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build());
        }

        _client?.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is { IsConnected: true } client)
        {
            await PublishAsync(client, Topics.Status(device.SiteId, device.Id), JsonSerializer.SerializeToUtf8Bytes(new StatusMessage { State = StatusMessage.Offline }), true, CancellationToken.None);
            await client.DisconnectAsync();
        }

        _client?.Dispose();
    }

    // The network goes: the socket is dropped without a DISCONNECT, so the broker publishes the last will.
    private void DropConnection()
    {
        _client?.Dispose();
        _client = null;
    }

    private async Task<IMqttClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = DeviceConnection.Options("scenario-" + device.Id, device.SiteId, device.Id, host, port, secret).Build();
        var result = await client.ConnectAsync(options, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            throw new InvalidOperationException($"{device.Id}: connect refused ({result.ResultCode})");
        }

        await PublishAsync(client, Topics.Status(device.SiteId, device.Id), JsonSerializer.SerializeToUtf8Bytes(new StatusMessage { State = StatusMessage.Online, Fw = "sim-scenario" }), true, cancellationToken);
        return client;
    }

    private static Task PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken) =>
        DeviceConnection.PublishAsync(client, topic, payload, retain, cancellationToken);
}
