namespace Linzi.Heritage.Domain.Works;

/// <summary>
/// A maintenance window (检修窗口) on one device or a whole site: alerts it would raise are suppressed with the
/// reason, and counted. It expires at <see cref="To"/>. Immutable.
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="DeviceId">The device, or null for the whole site.</param>
/// <param name="SiteId">The site, or null when a device is named.</param>
/// <param name="From">Start.</param>
/// <param name="To">End (exclusive).</param>
/// <param name="Reason">Why, shown wherever the suppression is.</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="CreatedAt">When.</param>
public sealed record MaintenanceWindow(
    string Id, string? DeviceId, string? SiteId, DateTimeOffset From, DateTimeOffset To, string Reason, string CreatedBy, DateTimeOffset CreatedAt)
{
    /// <summary>True when the window is in force at the instant.</summary>
    public bool InForce(DateTimeOffset at) => at >= From && at < To;

    /// <summary>True when the window covers a device of a site.</summary>
    public bool Covers(string deviceId, string siteId) => DeviceId is null ? SiteId == siteId : DeviceId == deviceId;
}
