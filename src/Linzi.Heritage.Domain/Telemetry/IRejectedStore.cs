namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>Port: rejected payloads kept for inspection, and the count per reason. Thread-safe.</summary>
public interface IRejectedStore
{
    /// <summary>How many payloads are kept.</summary>
    const int Keep = 1_000;

    /// <summary>Stores a batch, bumps the counts and trims to the newest <see cref="Keep"/>.</summary>
    void Add(IReadOnlyList<RejectedPayload> batch);

    /// <summary>The newest rejected payloads, newest first.</summary>
    IReadOnlyList<RejectedPayload> Recent(int limit);

    /// <summary>Total rejections per reason since the store was created.</summary>
    IReadOnlyDictionary<string, long> Counts();
}
