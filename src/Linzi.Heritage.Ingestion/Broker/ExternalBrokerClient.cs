using System.Threading.Channels;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Rejections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// <c>Mqtt:Mode=External</c>: reads devices' telemetry and status from an outside broker (Mosquitto, EMQX) with an
/// MQTT 5 persistent session (clean start off, session expiry), QoS 1 and manual acknowledgement: a message is
/// acknowledged only once its readings are in the journal, so a crash of this process leaves it with the broker,
/// which delivers it again. The outside broker authenticates devices and enforces topic ACLs (see
/// <c>mosquitto-config</c>); here each topic's device must still exist and belong to the topic's site.
/// </summary>
/// <remarks>
/// Concurrency: MQTTnet hands messages over one at a time. The handler decodes and starts the journal append, then
/// returns at once; an acknowledger loop awaits the appends in arrival order and acknowledges them in that order, as
/// MQTT requires, so many messages share one group commit. A reconnect loop with capped exponential backoff and
/// jitter reconnects and subscribes again. While the journal backlog is at its bound the client stays disconnected,
/// so readings wait at the broker in this instance's session.
/// </remarks>
public sealed class ExternalBrokerClient(
    IOptions<MqttOptions> options,
    RegistryHolder registry,
    TelemetryIngestor ingestor,
    RejectionLog rejections,
    DeviceStatusHandler statuses,
    Backlog.IngestionGate gate,
    TimeProvider time,
    ILogger<ExternalBrokerClient> logger) : BackgroundService, IBrokerEdge
{
    // An outside broker does not say which client published a message; rejections name this edge instead.
    private const string ClientIdForRejections = "external";

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<(MqttApplicationMessageReceivedEventArgs Message, Task<IngestOutcome> Ingest)> _pending =
        Channel.CreateUnbounded<(MqttApplicationMessageReceivedEventArgs, Task<IngestOutcome>)>(new UnboundedChannelOptions { SingleReader = true });

    /// <inheritdoc />
    public bool IsRunning => _client.IsConnected;

    /// <inheritdoc />
    public string Description => $"external broker {options.Value.Host}:{options.Value.Port} as {options.Value.ClientId}";

    /// <inheritdoc />
    public async Task<bool> SendCommandAsync(string siteId, string deviceId, byte[] payload, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        var message = CommandMessage.For(siteId, deviceId, payload);
        return (await _client.PublishAsync(message, cancellationToken)).IsSuccess;
    }

    /// <inheritdoc />
    /// <remarks>
    /// An outside broker's sessions are not ours to end: its password file decides who connects, so revocation takes
    /// hold there when <c>mosquitto-config</c> is run again. Until then the relay refuses the device's messages.
    /// </remarks>
    public Task<bool> DisconnectDeviceAsync(string deviceId, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>The topic filters subscribed to, shared when a group is set.</summary>
    public IReadOnlyList<string> Filters =>
        string.IsNullOrEmpty(options.Value.SharedGroup)
            ? [Topics.AllTelemetry, Topics.AllStatus]
            : [$"$share/{options.Value.SharedGroup}/{Topics.AllTelemetry}", $"$share/{options.Value.SharedGroup}/{Topics.AllStatus}"];

    /// <inheritdoc />
    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        var acknowledger = AcknowledgeInOrderAsync(stoppingToken);
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (gate.Refusing)
                {
                    // Backlog at its bound: step away (the session and its queue stay at the broker) instead of
                    // taking messages only to leave them unacknowledged.
                    if (_client.IsConnected)
                    {
                        await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(SessionExpirySeconds).Build(), stoppingToken);
                    }
                }
                else if (!_client.IsConnected)
                {
                    await ConnectAndSubscribeAsync(stoppingToken);
                    delay = TimeSpan.FromSeconds(1);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Any connect failure is retried with backoff; the broker may simply be down.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.ExternalBrokerUnavailable(ex, Description, delay);
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 500)), time, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }

        _pending.Writer.TryComplete();
        await acknowledger;
        if (_client.IsConnected)
        {
            // A clean disconnect keeps the session (expiry interval), so what arrives meanwhile waits at the broker.
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(SessionExpirySeconds).Build(), CancellationToken.None);
        }
    }

    private uint SessionExpirySeconds => (uint)Math.Min(uint.MaxValue, options.Value.SessionExpiry.TotalSeconds);

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        var mqtt = options.Value;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(mqtt.Host, mqtt.Port)
            .WithClientId(mqtt.ClientId);
        if (!string.IsNullOrEmpty(mqtt.Password))
        {
            builder = builder.WithCredentials(mqtt.Username, mqtt.Password);
        }

        var connect = builder
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(SessionExpirySeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithReceiveMaximum(1_000)
            .Build();
        var result = await _client.ConnectAsync(connect, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{Description}: connect refused ({result.ResultCode} {result.ReasonString})");
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in Filters)
        {
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
        logger.ExternalBrokerConnected(Description, result.IsSessionPresent);
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        _pending.Writer.TryWrite((e, IngestAsync(e.ApplicationMessage)));
        return Task.CompletedTask;
    }

    // Runs synchronously up to the journal append, so the payload is read before the handler returns.
    private async Task<IngestOutcome> IngestAsync(MqttApplicationMessage message)
    {
        var decision = PublishAcl.ForRelayed(message.Topic, registry.Current);
        var device = decision.Device;
        if (decision.Refused is { } refused)
        {
            rejections.Record(ClientIdForRejections, device.DeviceId, message.Topic, refused.Reason, refused.Detail, message.Payload);
            return IngestOutcome.Rejected;
        }

        return decision.Kind == TopicKind.Status
            ? await statuses.HandleMessageAsync(ClientIdForRejections, device, message.Topic, message.Payload)
            : await ingestor.IngestAsync(ClientIdForRejections, device.DeviceId, device.SiteId, message.Topic, message.Payload);
    }

    private async Task AcknowledgeInOrderAsync(CancellationToken stoppingToken)
    {
        await foreach (var (message, ingest) in _pending.Reader.ReadAllAsync(CancellationToken.None))
        {
            var outcome = await ingest;
            if (outcome == IngestOutcome.Unavailable)
            {
                // Not durable: leave it unacknowledged and drop the connection, so the broker delivers it again.
                await DisconnectQuietlyAsync();
                continue;
            }

            try
            {
                if (_client.IsConnected)
                {
                    await message.AcknowledgeAsync(stoppingToken.IsCancellationRequested ? CancellationToken.None : stoppingToken);
                }
            }
#pragma warning disable CA1031 // A lost acknowledgement only means a redelivery, which the stores absorb.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.AcknowledgeFailed(ex);
            }
        }
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            await _client.DisconnectAsync();
        }
#pragma warning disable CA1031 // Already gone is fine.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
