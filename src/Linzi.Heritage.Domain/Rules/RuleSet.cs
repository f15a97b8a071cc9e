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
    private readonly List<Rule> _perReading;

    /// <summary>Matches every enabled rule to every device.</summary>
    public RuleSet(IEnumerable<Rule> rules, IEnumerable<ReadingContext> deviceContexts)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(deviceContexts);
        var enabled = rules.Where(r => r.Enabled).ToList();
        NoData = [.. enabled.Where(r => r.Condition is NoDataCondition)];
        _perReading = [.. enabled.Where(r => r.Condition is not NoDataCondition)];
        _byDevice = deviceContexts.ToFrozenDictionary(c => c.Device.Id, Match, StringComparer.Ordinal);
    }

    private RuleSet(RuleSet previous, ReadingContext device)
    {
        NoData = previous.NoData;
        _perReading = previous._perReading;
        _byDevice = previous._byDevice.Where(d => d.Key != device.Device.Id)
            .Append(new(device.Device.Id, Match(device)))
            .ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>A copy with one device's rules (re)matched; the other devices' matches are kept.</summary>
    public RuleSet With(ReadingContext device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new RuleSet(this, device);
    }

    /// <summary>Enabled no-data rules.</summary>
    public IReadOnlyList<Rule> NoData { get; }

    private Rule[] Match(ReadingContext c) =>
        [.. _perReading.Where(r => RuleScopes.DeviceInScope(r.Scope, c.Device, c.Site) && (c.Device.IsMobile || RuleScopes.LocationInScope(r.Scope, c)))];

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
