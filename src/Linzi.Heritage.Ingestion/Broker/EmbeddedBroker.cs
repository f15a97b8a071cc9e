using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Rejections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// The in-process MQTTnet broker. Ingestion runs inside its publish interception: MQTTnet awaits the handler
/// before it queues the PUBACK, so a device's QoS 1 publish is acknowledged only once the reading is in the
/// journal. The same hooks enforce device authentication and topic ACLs.
/// </summary>
/// <remarks>
/// Concurrency: MQTTnet calls the handlers from each connection's receive loop, so one connection's publishes are
/// handled one after another and different connections in parallel. Handlers stay short: decode, append, await.
/// </remarks>
public sealed class EmbeddedBroker(
    IOptions<MqttOptions> options,
    RegistryHolder registry,
    IRegistryStore registryStore,
    TelemetryIngestor ingestor,
    RejectionLog rejections,
    DeviceStatusHandler statuses,
    IAuditLog audit,
    TimeProvider time,
    BrokerEdgeStats edgeStats,
    DeviceRateLimiter rates,
    ILogger<EmbeddedBroker> logger) : IHostedService, IBrokerEdge, IDisposable
{
    private readonly ClientIdClaims _clientIds = new();
    private MqttServer? _server;
    private X509Certificate2? _certificate;

    /// <summary>True while the broker accepts connections.</summary>
    public bool IsRunning => _server?.IsStarted == true;

    /// <inheritdoc />
    public string Description => options.Value switch
    {
        { PlainEnabled: true, TlsEnabled: true } o => $"embedded MQTT broker on port {o.Port} and TLS port {o.TlsPort}",
        { TlsEnabled: true } o => $"embedded MQTT broker on TLS port {o.TlsPort}",
        var o => $"embedded MQTT broker on port {o.Port}",
    };

    /// <inheritdoc />
    public async Task<bool> SendCommandAsync(string siteId, string deviceId, byte[] payload, CancellationToken cancellationToken)
    {
        if (_server is not { IsStarted: true } server)
        {
            return false;
        }

        var message = CommandMessage.For(siteId, deviceId, payload);
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "linzi-server" }, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> DisconnectDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (_server is not { IsStarted: true } server)
        {
            return false;
        }

        foreach (var client in await server.GetClientsAsync())
        {
            if (DeviceSession.From(client.Session.Items)?.DeviceId == deviceId)
            {
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized });
            }
        }

        // A persistent session would keep queued commands and subscriptions for a device that may never come back.
        foreach (var session in await server.GetSessionsAsync())
        {
            if (DeviceSession.From(session.Items)?.DeviceId == deviceId)
            {
                await session.DeleteAsync();
            }
        }

        return true;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _certificate = settings.TlsEnabled ? BrokerCertificate.Load(settings) : null;
        var serverOptions = BuildServerOptions(settings, _certificate);
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [new EdgeTcpServerAdapter(settings, edgeStats, logger)]);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.ClientConnectedAsync += e => DeviceSession.From(e.SessionItems) is { } d
            ? statuses.ConnectedAsync(d)
            : Task.CompletedTask;
        _server.SessionDeletedAsync += e =>
        {
            _clientIds.Release(e.Id);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e => DeviceSession.From(e.SessionItems) is { } d
            ? statuses.DisconnectedAsync(d, takenOver: e.DisconnectType == MqttClientDisconnectType.Takeover)
            : Task.CompletedTask;
        await _server.StartAsync();
        if (settings.PlainEnabled)
        {
            logger.BrokerStarted(settings.Port);
        }

        if (settings.TlsEnabled)
        {
            logger.BrokerTlsStarted(settings.TlsPort, _certificate!.Subject, _certificate.NotAfter);
        }
    }

    /// <summary>The MQTTnet endpoints: plain and/or TLS, on every interface or on <see cref="MqttOptions.BindAddress"/>.</summary>
    internal static MqttServerOptions BuildServerOptions(MqttOptions settings, X509Certificate2? certificate)
    {
        // The communication timeout bounds the wait for CONNECT (MQTTnet's default: 100 s).
        var builder = new MqttServerOptionsBuilder().WithPersistentSessions().WithDefaultCommunicationTimeout(settings.ConnectTimeout);
        IPAddress? bind = string.IsNullOrWhiteSpace(settings.BindAddress) ? null : IPAddress.Parse(settings.BindAddress);
        if (settings.PlainEnabled)
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointPort(settings.Port);
            if (bind is not null)
            {
                var v6 = bind.AddressFamily == AddressFamily.InterNetworkV6;
                builder.WithDefaultEndpointBoundIPAddress(v6 ? IPAddress.None : bind)
                    .WithDefaultEndpointBoundIPV6Address(v6 ? bind : IPAddress.None);
            }
        }
        else
        {
            builder.WithoutDefaultEndpoint();
        }

        if (settings.TlsEnabled && certificate is not null)
        {
            builder.WithEncryptedEndpoint().WithEncryptedEndpointPort(settings.TlsPort).WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
            if (bind is not null)
            {
                var v6 = bind.AddressFamily == AddressFamily.InterNetworkV6;
                builder.WithEncryptedEndpointBoundIPAddress(v6 ? IPAddress.None : bind)
                    .WithEncryptedEndpointBoundIPV6Address(v6 ? bind : IPAddress.None);
            }
        }

        return builder.Build();
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        try
        {
            await _server.StopAsync();
        }
        catch (InvalidOperationException ex)
        {
            // MQTTnet 5.2's TCP adapter can race a closing client while it cleans up ("Collection was modified").
            // The listener is down by then; shutdown must go on so the journal still drains.
            logger.BrokerStopRaced(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _server?.Dispose();
        _certificate?.Dispose();
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var username = e.UserName ?? string.Empty;

        // Before the credential check, so a refused 3.1.1 client hears "bad username or password", not "identifier rejected".
        EmptyClientIdPolicy.Apply(e, username + "-" + Guid.NewGuid().ToString("N")[..8]);
        if (!registry.Current.Devices.TryGetValue(username, out var device) || device.RevokedAt is not null ||
            !DeviceSecrets.Accepts(registryStore.GetCredential(username), e.Password, time.GetUtcNow()))
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            logger.ConnectRefused(username, e.RemoteEndPoint?.ToString() ?? "?", "unknown device or wrong secret");
            return Task.CompletedTask;
        }

        if (_clientIds.Claim(e.ClientId, device.Id, registry.Current.Devices) is { } owner)
        {
            RefuseTakeover(e, device.Id, owner);
            return Task.CompletedTask;
        }

        new DeviceSession(device.Id, device.SiteId) { HearsReasonCodes = e.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500 }
            .StoreIn(e.SessionItems);
        e.ReasonCode = MqttConnectReasonCode.Success;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Refuses a device that names another device's client id or session: with it, it would resume that session,
    /// publish as that device and receive its commands, and the real device would drop off without going offline.
    /// </summary>
    private void RefuseTakeover(ValidatingConnectionEventArgs e, string deviceId, string owner)
    {
        var endpoint = e.RemoteEndPoint?.ToString() ?? "?";
        e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
        logger.TakeoverRefused(deviceId, e.ClientId, owner, endpoint);
        var attempt = JsonSerializer.Serialize(new { clientId = e.ClientId, owner, endpoint, cleanStart = e.CleanSession });
        audit.Record("device", deviceId, "session-takeover-refused", "device:" + deviceId, time.GetUtcNow(), null, attempt);
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        var session = DeviceSession.From(e.SessionItems);
        if (session is null)
        {
            return; // Published by the server itself (commands); nothing to check.
        }

        var message = e.ApplicationMessage;
        if (!registry.Current.Devices.TryGetValue(session.DeviceId, out var device) || device.RevokedAt is not null)
        {
            // Revoked or decommissioned while connected: the disconnect is on its way; nothing more gets in meanwhile.
            Refuse(e, MqttPubAckReasonCode.NotAuthorized);
            e.CloseConnection = true;
            return;
        }

        if (!await TakeRateAsync(e, session))
        {
            return;
        }

        var decision = PublishAcl.ForConnection(message.Topic, session);
        if (decision.Refused is { } refused)
        {
            rejections.Record(e.ClientId, session.DeviceId, message.Topic, refused.Reason, refused.Detail, message.Payload);
            Refuse(e, MqttPubAckReasonCode.NotAuthorized);
            return;
        }

        var kind = decision.Kind;
        var outcome = kind == TopicKind.Status
            ? await statuses.HandleMessageAsync(e.ClientId, session, message.Topic, message.Payload)
            : await ingestor.IngestAsync(e.ClientId, session.DeviceId, session.SiteId, message.Topic, message.Payload);
        switch (outcome)
        {
            case IngestOutcome.Accepted:
                // Nobody subscribes to telemetry here; the pipeline reads the journal. A status goes on, so the broker
                // keeps it as the topic's retained message.
                e.ProcessPublish = kind == TopicKind.Status;
                break;
            case IngestOutcome.Rejected:
                Refuse(e, MqttPubAckReasonCode.PayloadFormatInvalid);
                break;
            default:
                // No durable copy: refuse, and drop the connection so that MQTT 3.1.1 devices (whose PUBACK has no
                // reason code) do not take the acknowledgement for success; they resend after reconnecting.
                Refuse(e, MqttPubAckReasonCode.ImplementationSpecificError);
                e.CloseConnection = true;
                break;
        }
    }

    /// <summary>
    /// The device's message and byte rates. Over them the publish is refused (PUBACK 0x97, quota exceeded) and kept as
    /// a rejection; a 3.1.1 device, which cannot hear that, is disconnected and resends later. A device that floods
    /// far over its rate is disconnected (MQTT 5: DISCONNECT 0x96, message rate too high). Other devices have their
    /// own buckets and are not slowed.
    /// </summary>
    private async Task<bool> TakeRateAsync(InterceptingPublishEventArgs e, DeviceSession session)
    {
        var message = e.ApplicationMessage;
        var size = message.Payload.Length + System.Text.Encoding.UTF8.GetByteCount(message.Topic);
        var verdict = rates.Take(session.DeviceId, size);
        if (verdict == RateVerdict.Allowed)
        {
            return true;
        }

        var settings = options.Value;
        var detail = verdict == RateVerdict.ByteRate
            ? $"over {settings.DeviceBytesPerSecond} bytes/s (burst {settings.DeviceByteBurst})"
            : $"over {settings.DeviceMessagesPerSecond} messages/s (burst {settings.DeviceMessageBurst})";
        rejections.Record(e.ClientId, session.DeviceId, message.Topic, RejectReasons.RateLimited, detail, message.Payload);
        Refuse(e, MqttPubAckReasonCode.QuotaExceeded);
        if (verdict == RateVerdict.Disconnect)
        {
            logger.DeviceFloodDisconnected(session.DeviceId, e.ClientId);
            // Before the refusal's PUBACK: the device is waiting for that, so nothing of it is unread when the socket
            // closes. Disconnecting after it raced the device's next publish, and closing a socket with unread data
            // resets it (TCP RST), which threw the DISCONNECT and its reason away before the device read them.
            await DisconnectFlooderAsync(e.ClientId, session);
        }
        else if (!session.HearsReasonCodes)
        {
            e.CloseConnection = true;
        }

        return false;
    }

    private async Task DisconnectFlooderAsync(string clientId, DeviceSession session)
    {
        if (_server is not { IsStarted: true } server)
        {
            return;
        }

        foreach (var client in await server.GetClientsAsync())
        {
            if (client.Id == clientId && DeviceSession.From(client.Session.Items)?.DeviceId == session.DeviceId)
            {
                try
                {
                    await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.MessageRateTooHigh });
                }
                catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
                {
                    // Already gone.
                }
            }
        }
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var session = DeviceSession.From(e.SessionItems);
        if (session is not null && e.TopicFilter.Topic != Topics.Command(session.SiteId, session.DeviceId))
        {
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ProcessSubscription = false;
            logger.SubscribeRefused(e.TopicFilter.Topic, session.DeviceId);
        }

        return Task.CompletedTask;
    }

    private static void Refuse(InterceptingPublishEventArgs e, MqttPubAckReasonCode code)
    {
        e.ProcessPublish = false;
        e.Response.ReasonCode = code;
    }
}
