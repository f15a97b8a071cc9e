namespace Linzi.Heritage.Domain.Rules.Conditions;

/// <summary>
/// A threshold on one metric: raise when <c>value op Value</c>. With <see cref="ClearValue"/> it has hysteresis:
/// once raised it only clears when the value passes strictly beyond <see cref="ClearValue"/>, so a reading that
/// hovers at the limit does not flap.
/// </summary>
public sealed record ThresholdCondition(string Metric, ComparisonOp Op, double Value) : RuleCondition
{
    /// <inheritdoc />
    public override string Kind => "threshold";

    /// <inheritdoc />
    public override string AlertMetric => Metric;

    /// <summary>The hysteresis limit; null clears as soon as the condition no longer holds.</summary>
    public double? ClearValue { get; init; }

    /// <summary>How long the condition must hold before raising; null raises at once.</summary>
    public Sustain? Sustain { get; init; }
}
