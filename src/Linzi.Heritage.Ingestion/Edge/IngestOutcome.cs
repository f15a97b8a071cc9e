namespace Linzi.Heritage.Ingestion.Edge;

/// <summary>What happened to one telemetry message; maps to the PUBACK reason code.</summary>
public enum IngestOutcome
{
    /// <summary>Durably journaled (or a duplicate of something that was).</summary>
    Accepted,

    /// <summary>Broke the contract; counted and kept.</summary>
    Rejected,

    /// <summary>The journal could not store it; the device should retry.</summary>
    Unavailable,
}
