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

    /// <summary>
    /// When the device was revoked (its secret is taken as compromised): it may not connect or publish until a new
    /// secret is issued. It stays in the registry, so its silence still counts.
    /// </summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>
    /// When the device was decommissioned: it is out of service for good, can no longer connect, and is judged by no
    /// rule; it stays on record so its history can still be read and its id is never given to another device.
    /// </summary>
    public DateTimeOffset? DecommissionedAt { get; init; }

    /// <summary>True for trackers whose position comes with each reading.</summary>
    public bool IsMobile => DeviceKinds.IsMobile(Kind);
}
