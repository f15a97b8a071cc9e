using System.Collections.Concurrent;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// Binds MQTT client ids, and the persistent sessions they name, to the device that authenticated them. MQTTnet
/// lets any authenticated client resume or take over any session by naming its client id; with one device's
/// secret an intruder could otherwise become every other device (the simulator's ids, <c>sim-{deviceId}</c>, are
/// predictable). Two rules close that:
/// <list type="bullet">
/// <item>a client id that names a registered device (<c>{id}</c> or <c>…-{id}</c>) is reserved for that device,
/// so nobody can squat the id before the device connects;</item>
/// <item>any other id belongs to the first device that connects with it, for as long as the broker keeps its
/// session, so random ids (<c>mosquitto_pub</c>'s default) keep working.</item>
/// </list>
/// Thread-safe: MQTTnet validates connections in parallel.
/// </summary>
internal sealed class ClientIdClaims
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <summary>
    /// Claims <paramref name="clientId"/> for <paramref name="deviceId"/>; returns the device the id belongs to
    /// instead, or null when the claim holds.
    /// </summary>
    public string? Claim(string clientId, string deviceId, IReadOnlyDictionary<string, Device> devices)
    {
        if (ReservedFor(clientId, deviceId, devices) is { } reserved)
        {
            return reserved;
        }

        var owner = _owners.GetOrAdd(clientId, deviceId);
        return owner == deviceId ? null : owner;
    }

    /// <summary>The broker deleted the session: the id is free again.</summary>
    public void Release(string clientId) => _owners.TryRemove(clientId, out _);

    /// <summary>The number of ids held, for tests and metrics.</summary>
    public int Count => _owners.Count;

    /// <summary>
    /// The other device an id names, or null. An id that names the connecting device is its own even when a suffix
    /// of it happens to be another device's id (<c>test-hp-vib-01</c> for <c>hp-vib-01</c>).
    /// </summary>
    private static string? ReservedFor(string clientId, string deviceId, IReadOnlyDictionary<string, Device> devices)
    {
        string? other = null;
        var start = 0;
        while (true)
        {
            var named = clientId[start..];
            if (named == deviceId)
            {
                return null;
            }

            if (other is null && devices.ContainsKey(named))
            {
                other = named;
            }

            var dash = clientId.IndexOf('-', start);
            if (dash < 0)
            {
                break;
            }

            start = dash + 1;
        }

        return other;
    }
}
