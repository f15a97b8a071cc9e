using System.Collections.Concurrent;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// Hub connections that asked not to receive <c>Readings</c> (the inspector's phone page, which has no live map and
/// may be on a slow link). Everyone else gets them, as the contract says. Thread-safe.
/// </summary>
public sealed class ReadingsOptOut
{
    private readonly ConcurrentDictionary<string, byte> _connections = new(StringComparer.Ordinal);

    /// <summary>Stops readings for the connection.</summary>
    public void Add(string connectionId) => _connections.TryAdd(connectionId, 0);

    /// <summary>Forgets the connection (it disconnected).</summary>
    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>The connections to leave out of the next push.</summary>
    public IReadOnlyList<string> Connections => [.. _connections.Keys];
}
