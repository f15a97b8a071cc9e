using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>How far back a rule's memory reaches, in reading time: what a new owner must replay to judge as the last one would have. Pure.</summary>
public static class RuleMemory
{
    /// <summary>
    /// The longest span any of <paramref name="rules"/> remembers: a sustain's duration, a rate's window (and its
    /// sustain), a correlation's window, a geofence's debounce and dwell. A sustain counted in readings has no
    /// duration; the caller's floor covers it.
    /// </summary>
    public static TimeSpan Span(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var longest = TimeSpan.Zero;
        foreach (var rule in rules)
        {
            var span = rule.Condition switch
            {
                ThresholdCondition threshold => threshold.Sustain?.For ?? TimeSpan.Zero,
                RateOfChangeCondition rate => rate.Window + (rate.Sustain?.For ?? TimeSpan.Zero),
                CorrelationCondition correlation => correlation.Window,
                GeofenceCondition fence => fence.Debounce + fence.Dwell,
                _ => TimeSpan.Zero,
            };
            longest = span > longest ? span : longest;
        }

        return longest;
    }
}
