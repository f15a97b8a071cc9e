namespace Linzi.Heritage.Domain.Rules.Conditions;

/// <summary>What a rule watches. Each kind is a sealed record below; all are immutable.</summary>
public abstract record RuleCondition
{
    /// <summary>The wire name: <c>threshold</c>, <c>rate_of_change</c>, <c>no_data</c>, <c>geofence</c>, <c>correlation</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The metric an alert of this condition reports.</summary>
    public abstract string AlertMetric { get; }
}

/// <summary>How long a condition must hold before it raises: a duration, a number of consecutive readings, or both.</summary>
/// <param name="For">The condition has held continuously for at least this long (reading time).</param>
/// <param name="Readings">The condition has held for at least this many consecutive readings.</param>
public sealed record Sustain(TimeSpan? For, int? Readings);
