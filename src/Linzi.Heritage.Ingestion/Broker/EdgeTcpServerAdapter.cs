using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// The broker's TCP edge, in place of MQTTnet's own TCP adapter (which it follows): the same plain and TLS endpoints,
/// plus what an open port needs under attack. A TLS handshake must finish within <see cref="MqttOptions.ConnectTimeout"/>
/// (MQTTnet waits for ever), one address holds at most <see cref="MqttOptions.MaxConnectionsPerIp"/> connections (the
/// next is closed at once, before TLS or MQTT), and every packet a client announces larger than
/// <see cref="MqttOptions.MaxPacketBytes"/> closes its connection before MQTTnet allocates the body.
/// </summary>
/// <remarks>Everything after the byte stream (MQTT decoding, sessions, the CONNECT timeout) stays MQTTnet's.</remarks>
internal sealed class EdgeTcpServerAdapter(MqttOptions settings, BrokerEdgeStats stats, ILogger logger) : IMqttServerAdapter
{
    private readonly List<Socket> _listeners = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private CancellationTokenSource? _stopping;
    private MqttServerOptions? _options;
    private IMqttNetLogger? _mqttLogger;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _mqttLogger = logger;
        _stopping = new CancellationTokenSource();
        if (options.DefaultEndpointOptions.IsEnabled)
        {
            Listen(options.DefaultEndpointOptions, null);
        }

        if (options.TlsEndpointOptions.IsEnabled)
        {
            var certificate = options.TlsEndpointOptions.CertificateProvider?.GetCertificate()
                ?? throw new InvalidOperationException("The TLS endpoint has no certificate.");
            Listen(options.TlsEndpointOptions, certificate);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        Cleanup();
        return Task.CompletedTask;
    }

    public void Dispose() => Cleanup();

    // MQTTnet stops the adapter and the host disposes it, possibly at once on two threads: each takes the listeners
    // under the gate, so only one of them closes them (a shared list iterated while the other cleared it threw).
    private void Cleanup()
    {
        Socket[] listeners;
        CancellationTokenSource? stopping;
        lock (_gate)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
            stopping = _stopping;
            _stopping = null;
        }

        stopping?.Cancel();
        foreach (var listener in listeners)
        {
            listener.Dispose();
        }

        stopping?.Dispose();
    }

    private void Listen(MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? certificate)
    {
        foreach (var address in new[] { endpoint.BoundInterNetworkAddress, endpoint.BoundInterNetworkV6Address })
        {
            if (address.Equals(IPAddress.None))
            {
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false; // IPv4 has its own listener.
                }

                socket.NoDelay = endpoint.NoDelay;
                socket.Bind(new IPEndPoint(address, endpoint.Port));
                socket.Listen(endpoint.ConnectionBacklog);
            }
            catch (SocketException ex) when (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
            {
                // A host without IPv6 still serves IPv4.
                socket.Dispose();
                logger.BrokerListenerSkipped(ex, address.ToString(), endpoint.Port);
                continue;
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            lock (_gate)
            {
                _listeners.Add(socket);
            }

            var stopping = _stopping!.Token;
            _ = Task.Run(() => AcceptAsync(socket, endpoint, certificate, stopping), stopping);
        }
    }

    private async Task AcceptAsync(Socket listener, MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? certificate, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // The client went away between SYN and accept.
            }

            var address = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            if (!TryAdmit(address))
            {
                var refused = stats.ConnectionRefused();
                if (refused == 1 || refused % 100 == 0)
                {
                    logger.ConnectionLimitReached(address.ToString(), settings.MaxConnectionsPerIp, refused);
                }

                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => HandleAsync(client, address, endpoint, certificate, stopping), CancellationToken.None);
        }
    }

    private bool TryAdmit(IPAddress address)
    {
        while (true)
        {
            var current = _perAddress.GetOrAdd(address, 0);
            if (current >= settings.MaxConnectionsPerIp)
            {
                return false;
            }

            if (_perAddress.TryUpdate(address, current + 1, current))
            {
                return true;
            }
        }
    }

    private void Release(IPAddress address)
    {
        while (_perAddress.TryGetValue(address, out var current))
        {
            if (current <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, current)) : _perAddress.TryUpdate(address, current - 1, current))
            {
                return;
            }
        }
    }

    private async Task HandleAsync(Socket client, IPAddress address, MqttServerTcpEndpointBaseOptions endpoint, X509Certificate2? certificate, CancellationToken stopping)
    {
        Stream? stream = null;
        var remote = client.RemoteEndPoint;
        try
        {
            client.NoDelay = endpoint.NoDelay;
            stream = new NetworkStream(client, ownsSocket: true);
            X509Certificate2? clientCertificate = null;
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                handshake.CancelAfter(settings.ConnectTimeout);
                try
                {
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions
                        {
                            ServerCertificate = certificate,
                            EnabledSslProtocols = ((MqttServerTlsTcpEndpointOptions)endpoint).SslProtocol,
                            EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                        },
                        handshake.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
                {
                    stats.HandshakeFailed();
                    if (logger.IsEnabled(LogLevel.Information))
                    {
                        logger.TlsHandshakeFailed(remote?.ToString() ?? "?", ex.Message);
                    }
                    return;
                }
            }

            var handler = ClientHandler;
            if (handler is null)
            {
                return;
            }

            var remoteText = remote?.ToString() ?? "?";
            stream = new PacketLimitStream(stream, settings.MaxPacketBytes, size =>
            {
                stats.OversizedPacket();
                logger.PacketTooLarge(remoteText, size, settings.MaxPacketBytes);
            });
            var channel = new MqttTcpChannel(stream, client.LocalEndPoint, remote, clientCertificate);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _mqttLogger!);
            adapter.AllowPacketFragmentation = endpoint.AllowPacketFragmentation;
            await handler(adapter);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away; only this connection ends.
        }
        catch (Exception ex)
        {
            logger.EdgeConnectionFailed(ex, remote?.ToString() ?? "?");
        }
        finally
        {
            try
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                }

                client.Dispose();
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // Closing a broken connection.
            }

            Release(address);
        }
    }
}

/// <summary>What the broker's edge refused since start: connections over the per-address limit, failed TLS handshakes, oversized packets.</summary>
public sealed class BrokerEdgeStats
{
    private long _connectionsRefused;
    private long _handshakesFailed;
    private long _oversizedPackets;

    /// <summary>Connections closed at once because their address already held <see cref="MqttOptions.MaxConnectionsPerIp"/>.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>TLS handshakes that failed or did not finish in time.</summary>
    public long HandshakesFailed => Interlocked.Read(ref _handshakesFailed);

    /// <summary>Connections closed because a packet announced more than <see cref="MqttOptions.MaxPacketBytes"/>.</summary>
    public long OversizedPackets => Interlocked.Read(ref _oversizedPackets);

    internal long ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal long HandshakeFailed() => Interlocked.Increment(ref _handshakesFailed);

    internal long OversizedPacket() => Interlocked.Increment(ref _oversizedPackets);
}
