using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>Where devices connect. Section <c>Mqtt</c>.</summary>
public sealed class MqttOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Mqtt";

    /// <summary><c>Embedded</c> (default: an in-process MQTTnet broker, no other server needed) or <c>External</c>.</summary>
    [RegularExpression("^(Embedded|External)$", ErrorMessage = "Mqtt:Mode must be Embedded or External.")]
    public string Mode { get; init; } = "Embedded";

    /// <summary>The outside broker's host in External mode.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port: the embedded broker listens on it (all interfaces); External mode connects to it. 1883 is MQTT's registered port.</summary>
    [Range(1, 65535)]
    public int Port { get; init; } = 1883;

    /// <summary>External mode: the server's own account on the outside broker.</summary>
    public string Username { get; init; } = "linzi-server";

    /// <summary>
    /// External mode: that account's password; without one the server connects anonymously (a broker that allows
    /// it). <c>mosquitto-config</c> needs it, to hash it into the password file.
    /// </summary>
    public string? Password { get; init; }

    /// <summary>External mode: the client id, fixed so the broker keeps this instance's session (and its queued readings) across restarts. Give each instance its own.</summary>
    public string ClientId { get; init; } = "linzi-server-1";

    /// <summary>External mode: join this shared-subscription group (<c>$share/{group}/…</c>) so several instances split the devices. Empty: a plain subscription.</summary>
    public string? SharedGroup { get; init; }

    /// <summary>External mode: how long the broker keeps the session and queues readings while this instance is away. A day covers a weekend-long outage at a county site.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Embedded mode: serve plain MQTT on <see cref="Port"/>. Turn it off when every device speaks TLS.</summary>
    public bool PlainEnabled { get; init; } = true;

    /// <summary>Embedded mode: serve MQTT over TLS on <see cref="TlsPort"/>; needs <see cref="TlsCertificate"/>.</summary>
    public bool TlsEnabled { get; init; }

    /// <summary>Embedded mode: the TLS port. 8883 is MQTT over TLS's registered port.</summary>
    [Range(1, 65535)]
    public int TlsPort { get; init; } = 8883;

    /// <summary>
    /// Embedded mode: the broker's certificate. A PEM file (with <see cref="TlsKey"/>, unless the key is in the same
    /// file), or a PKCS #12 file ending in <c>.pfx</c> or <c>.p12</c> (with <see cref="TlsPassword"/> if it has one).
    /// </summary>
    public string? TlsCertificate { get; init; }

    /// <summary>Embedded mode: the PEM private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; init; }

    /// <summary>Embedded mode: the password of a PFX <see cref="TlsCertificate"/>, or of an encrypted PEM key.</summary>
    public string? TlsPassword { get; init; }

    /// <summary>Embedded mode: the IPv4 or IPv6 address both endpoints listen on; empty (the default) listens on every interface.</summary>
    public string? BindAddress { get; init; }

    /// <summary>
    /// Embedded mode: how long a new connection may take to finish its TLS handshake and, separately, to send
    /// CONNECT before the broker closes it (MQTTnet's own default is 100 s). Also MQTTnet's communication timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Embedded mode: open connections one IP address may hold; the next is closed at once, before TLS or MQTT. A
    /// site gateway behind NAT shows all its devices under one address: keep this above the largest site's fleet.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerIp { get; init; } = 200;

    /// <summary>
    /// Embedded mode: the largest MQTT packet a client may send, header included. A larger one closes its connection
    /// as soon as its header arrives, before the broker allocates it. Above the telemetry payload limit (256 KiB), so
    /// that a payload just over that limit is still rejected with its reason.
    /// </summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxPacketBytes { get; init; } = 512 * 1024;

    /// <summary>Embedded mode: messages a second each device may publish on average (status included); over it, publishes are refused.</summary>
    [Range(0.001, 1_000_000)]
    public double DeviceMessagesPerSecond { get; init; } = 10;

    /// <summary>Embedded mode: messages a device may publish at once above its rate, as after a reconnect with a backlog.</summary>
    [Range(1, 1_000_000)]
    public int DeviceMessageBurst { get; init; } = 200;

    /// <summary>Embedded mode: payload and topic bytes a second each device may publish on average.</summary>
    [Range(1, int.MaxValue)]
    public int DeviceBytesPerSecond { get; init; } = 64 * 1024;

    /// <summary>Embedded mode: bytes a device may publish at once above its rate. At least <see cref="MaxPacketBytes"/>.</summary>
    [Range(1024, int.MaxValue)]
    public int DeviceByteBurst { get; init; } = 2 * 1024 * 1024;

    /// <summary>
    /// Embedded mode: how far a device's refused publishes may outrun its allowed message rate before it is
    /// disconnected (MQTT 5: reason 0x96, message rate too high). Each refusal adds one; the count drains at
    /// <see cref="DeviceMessagesPerSecond"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int DeviceFloodDisconnectAfter { get; init; } = 100;

    /// <summary>True in Embedded mode.</summary>
    public bool IsEmbedded => Mode == "Embedded";
}
