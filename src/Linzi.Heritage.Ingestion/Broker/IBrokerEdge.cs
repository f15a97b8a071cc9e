namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>Whichever way devices reach ingestion: the embedded broker or a client of an outside one.</summary>
public interface IBrokerEdge
{
    /// <summary>True while readings can flow in.</summary>
    bool IsRunning { get; }

    /// <summary>A line for health reports.</summary>
    string Description { get; }
}
