namespace Linzi.Heritage.Domain.Telemetry;

/// <summary>
/// Port: when each device last gave a sign of life, as heard by any instance sharing the state. Each instance hears
/// only the readings its broker subscription hands it, so the silent-device sweep, which runs on one instance,
/// judges from what all of them heard. Thread-safe.
/// </summary>
public interface IDeviceSightings
{
    /// <summary>Records each device's latest sign of life; a time older than the one stored changes nothing.</summary>
    void Record(IReadOnlyDictionary<string, DateTimeOffset> lastSeen);

    /// <summary>The latest sign of life of every device heard from.</summary>
    IReadOnlyDictionary<string, DateTimeOffset> All();
}
