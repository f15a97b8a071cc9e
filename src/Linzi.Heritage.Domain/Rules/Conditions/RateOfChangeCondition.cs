using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Rules.Conditions;

/// <summary>The time unit of a rate.</summary>
public enum RatePer
{
    /// <summary>Change per minute.</summary>
    [WireName("minute")]
    Minute,

    /// <summary>Change per hour.</summary>
    [WireName("hour")]
    Hour,
}

/// <summary>
/// A limit on how fast a metric changes: slow crack growth, a rising water level. The rate is the change of the
/// (optionally moving-averaged) value across <see cref="Window"/>, divided by the time it took, in units per
/// <see cref="Per"/>. It is judged only once the samples in the window span at least half of it, so two readings a
/// second apart cannot fake a steep rate.
/// </summary>
public sealed record RateOfChangeCondition(string Metric, ComparisonOp Op, double Value, RatePer Per, TimeSpan Window) : RuleCondition
{
    /// <inheritdoc />
    public override string Kind => "rate_of_change";

    /// <inheritdoc />
    public override string AlertMetric => Metric + (Per == RatePer.Minute ? "_per_min" : "_per_h");

    /// <summary>Smooth over this many consecutive readings before taking the rate; 1 for none.</summary>
    public int AverageOver { get; init; } = 1;

    /// <summary>Hysteresis limit on the rate, as in <see cref="ThresholdCondition.ClearValue"/>.</summary>
    public double? ClearValue { get; init; }

    /// <summary>How long the rate must hold before raising.</summary>
    public Sustain? Sustain { get; init; }

    /// <summary>Seconds in one <see cref="Per"/>.</summary>
    public double SecondsPerUnit => Per == RatePer.Minute ? 60 : 3600;
}
