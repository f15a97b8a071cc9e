using System.Collections.Frozen;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// The enabled rules of a snapshot, pre-matched to devices so that a reading is only evaluated against rules whose
/// scope can contain it. Fixed devices never move, so their full scope match (zones, cells, distance) is computed
/// once; a mobile tracker's location checks run per reading. No-data rules are kept apart: silence is judged on a
/// timer, not per reading. Immutable and thread-safe.
/// </summary>
public sealed class RuleSet
{
    private readonly FrozenDictionary<string, Rule[]> _byDevice;

    /// <summary>Matches every enabled rule to every device.</summary>
    public RuleSet(IEnumerable<Rule> rules, IEnumerable<ReadingContext> deviceContexts)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(deviceContexts);
        var enabled = rules.Where(r => r.Enabled).ToList();
        NoData = [.. enabled.Where(r => r.Condition is NoDataCondition)];
        var perReading = enabled.Where(r => r.Condition is not NoDataCondition).ToList();
        _byDevice = deviceContexts.ToFrozenDictionary(
            c => c.Device.Id,
            c => perReading
                .Where(r => RuleScopes.DeviceInScope(r.Scope, c.Device, c.Site) && (c.Device.IsMobile || RuleScopes.LocationInScope(r.Scope, c)))
                .ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>Enabled no-data rules.</summary>
    public IReadOnlyList<Rule> NoData { get; }

    /// <summary>The per-reading rules in scope for a reading in this context.</summary>
    public IEnumerable<Rule> For(ReadingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_byDevice.TryGetValue(context.Device.Id, out var rules))
        {
            return [];
        }

        return context.Device.IsMobile ? rules.Where(r => !r.Scope.IsLocational || RuleScopes.LocationInScope(r.Scope, context)) : rules;
    }
}
