using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>Scope matching. Pure and thread-safe.</summary>
public static class RuleScopes
{
    /// <summary>True when the device (whatever its position) can be in scope: the checks that do not depend on location.</summary>
    public static bool DeviceInScope(RuleScope scope, Device device, Site? site)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(device);
        if (scope.DeviceIds.Count > 0 && !scope.DeviceIds.Contains(device.Id))
        {
            return false;
        }

        if (scope.DeviceKinds.Count > 0 && !scope.DeviceKinds.Contains(device.Kind))
        {
            return false;
        }

        if (scope.ProtectionLevels.Count > 0 && (site is null || !scope.ProtectionLevels.Contains(site.Level)))
        {
            return false;
        }

        // Site ids with zone kinds name whose zones count (checked with the location); alone they name the device's site.
        return scope.ZoneKinds.Count > 0 || scope.SiteIds.Count == 0 || scope.SiteIds.Contains(device.SiteId);
    }

    /// <summary>
    /// True when the reading's device and position fall inside the scope. Zone kinds need the reading to stand in
    /// a zone of that kind, belonging to one of the scope's sites when sites are given. Site ids without zone kinds
    /// match the device's registered site, so a sensor of the horse pit (which lies inside the Qi capital's
    /// protection zone) is not judged by the city wall's rules.
    /// </summary>
    public static bool InScope(RuleScope scope, ReadingContext context)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(context);
        return DeviceInScope(scope, context.Device, context.Site) && LocationInScope(scope, context);
    }

    /// <summary>The checks that depend on where the reading was taken.</summary>
    public static bool LocationInScope(RuleScope scope, ReadingContext context)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(context);
        if (scope.CellIds.Count > 0 && (context.CellId is null || !scope.CellIds.Contains(context.CellId)))
        {
            return false;
        }

        if (scope.ZoneKinds.Count > 0 &&
            !context.Location.Zones.Any(z => scope.ZoneKinds.Contains(z.Kind) && (scope.SiteIds.Count == 0 || scope.SiteIds.Contains(z.SiteId))))
        {
            return false;
        }

        return scope.Near is not { } near || near.Contains(context.PositionLat, context.PositionLon);
    }
}
