namespace Linzi.Heritage.Ingestion.Backlog;

/// <summary>
/// Whether ingestion takes new readings. Closed only as the last resort, when the journal backlog reaches its bound:
/// publishers then get no success acknowledgement and keep their readings buffered. Thread-safe (volatile flag).
/// </summary>
public sealed class IngestionGate
{
    private volatile bool _refusing;

    /// <summary>True while new readings are refused.</summary>
    public bool Refusing => _refusing;

    internal void Set(bool refusing) => _refusing = refusing;
}
