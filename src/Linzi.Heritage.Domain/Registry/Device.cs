using Linzi.Heritage.Contracts.Vocabulary;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// A provisioned sensor. Fixed devices are geofenced at their registered location; mobile ones
/// (<see cref="DeviceKinds.Gnss"/>) at the position in each reading. Immutable and thread-safe.
/// </summary>
public sealed record Device(
    string Id,
    string SiteId,
    string Kind,
    IReadOnlyList<string> Metrics,
    double Lat,
    double Lon,
    string? Name = null)
{
    /// <summary>True for a device installed for drills (演练): everything it raises is a drill.</summary>
    public bool Drill { get; init; }

    /// <summary>True for trackers whose position comes with each reading.</summary>
    public bool IsMobile => DeviceKinds.IsMobile(Kind);
}
