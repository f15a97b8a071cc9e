using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// Evaluates readings against rules. Pure: no I/O, no clock, no state, so it is thread-safe.
/// </summary>
public static class RuleEngine
{
    /// <summary>Returns every enabled rule in scope whose condition the reading meets.</summary>
    public static IReadOnlyList<RuleMatch> Evaluate(Reading reading, ReadingContext context, IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rules);

        List<RuleMatch>? matches = null;
        foreach (var rule in rules)
        {
            if (!rule.Enabled || !InScope(rule.Scope, context))
            {
                continue;
            }

            foreach (var value in reading.Values)
            {
                if (value.Name == rule.Condition.Metric && rule.Condition.Op.Holds(value.Value, rule.Condition.Value))
                {
                    (matches ??= []).Add(new RuleMatch(rule, value.Name, value.Value));
                    break;
                }
            }
        }

        return matches is null ? [] : matches;
    }

    /// <summary>
    /// True when the reading's device and location fall inside the scope. Zone kinds need the reading to stand in
    /// a zone of that kind, belonging to one of the scope's sites when sites are given. Site ids without zone kinds
    /// match the device's registered site, so a sensor of the horse pit (which lies inside the Qi capital's
    /// protection zone) is not judged by the city wall's rules.
    /// </summary>
    public static bool InScope(RuleScope scope, ReadingContext context)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(context);

        if (scope.DeviceIds.Count > 0 && !scope.DeviceIds.Contains(context.Device.Id))
        {
            return false;
        }

        if (scope.DeviceKinds.Count > 0 && !scope.DeviceKinds.Contains(context.Device.Kind))
        {
            return false;
        }

        if (scope.CellIds.Count > 0 && (context.CellId is null || !scope.CellIds.Contains(context.CellId)))
        {
            return false;
        }

        var zones = context.Location.Zones;
        if (scope.ZoneKinds.Count > 0)
        {
            return zones.Any(z => scope.ZoneKinds.Contains(z.Kind) &&
                                  (scope.SiteIds.Count == 0 || scope.SiteIds.Contains(z.SiteId)));
        }

        return scope.SiteIds.Count == 0 || scope.SiteIds.Contains(context.Device.SiteId);
    }
}
