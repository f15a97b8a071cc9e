namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>Port: each journal consumer's position, kept beside the journal. Thread-safe.</summary>
public interface ICheckpointStore
{
    /// <summary>The consumer's last processed position, or 0.</summary>
    long Get(string consumer);

    /// <summary>Records that the consumer has processed everything up to <paramref name="position"/>.</summary>
    void Save(string consumer, long position);
}
