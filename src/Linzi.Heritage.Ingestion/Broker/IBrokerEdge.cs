namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>Whichever way devices reach ingestion: the embedded broker or a client of an outside one.</summary>
public interface IBrokerEdge
{
    /// <summary>True while readings can flow in.</summary>
    bool IsRunning { get; }

    /// <summary>A line for health reports.</summary>
    string Description { get; }

    /// <summary>
    /// Publishes a command to a device's <c>cmd</c> topic (QoS 1, retained, so a device that connects later gets the
    /// latest configuration too); false when the broker is not reachable.
    /// </summary>
    Task<bool> SendCommandAsync(string siteId, string deviceId, byte[] payload, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a device's live session at once (revocation, decommissioning) and forgets its persistent session; false
    /// when this edge cannot (an outside broker enforces its own password file: see docs/external-broker.md).
    /// </summary>
    Task<bool> DisconnectDeviceAsync(string deviceId, CancellationToken cancellationToken);
}
