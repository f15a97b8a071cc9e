using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// Whether an inspector on patrol has reached an acknowledged alert's location: a position within the arrival radius
/// of its device (taken after the acknowledgement), or, for a missed patrol, inside its cell. The time it took is the
/// alert's time-to-arrive in the response statistics. Pure.
/// </summary>
public static class Arrival
{
    /// <summary>The first position that reaches the alert; null when none does (or the alert has no place).</summary>
    /// <param name="alert">An acknowledged alert.</param>
    /// <param name="registry">The registry, for the device's position and the cell's area.</param>
    /// <param name="positions">Accepted positions, oldest first.</param>
    /// <param name="radiusM">How near the device counts as there.</param>
    public static PatrolPosition? Reached(Alert alert, RegistrySnapshot registry, IEnumerable<PatrolPosition> positions, double radiusM)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(positions);
        if (alert.AcknowledgedAt is not { } acknowledged)
        {
            return null;
        }

        var after = positions.Where(p => p.Ts >= acknowledged);
        if (alert.DeviceId == AlertTransitions.PatrolDeviceId)
        {
            return alert.CellId is { } cellId && registry.Cells.TryGetValue(cellId, out var cell)
                ? after.FirstOrDefault(p => cell.Area.Covers(new Point(p.Lon, p.Lat)))
                : null;
        }

        if (!registry.Devices.TryGetValue(alert.DeviceId, out var device))
        {
            return null;
        }

        var place = new PatrolPosition(acknowledged, device.Lat, device.Lon, null);
        return after.FirstOrDefault(p => p.DistanceTo(place) <= radiusM);
    }
}
