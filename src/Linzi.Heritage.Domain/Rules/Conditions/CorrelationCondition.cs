namespace Linzi.Heritage.Domain.Rules.Conditions;

/// <summary>One modality of a correlation: a named sensor signal, such as ground sound above 45 dB.</summary>
public sealed record CorrelationSignal(string Name, string Metric, ComparisonOp Op, double Value);

/// <summary>
/// Looting fusion: at least <see cref="MinModalities"/> different signals in the same grid cell within
/// <see cref="Window"/> raise the rule's severity (red). A single modality raises only <see cref="VerifySeverity"/>
/// ("go and verify"), because one sensor alone cries wolf. Signals within exactly <see cref="Window"/> of each other
/// still correlate. The alert belongs to the cell, not to one device, and is left for a person to resolve.
/// </summary>
public sealed record CorrelationCondition(IReadOnlyList<CorrelationSignal> Signals, TimeSpan Window) : RuleCondition
{
    /// <inheritdoc />
    public override string Kind => "correlation";

    /// <inheritdoc />
    public override string AlertMetric => "modalities";

    /// <summary>How many different signals confirm; at least 2.</summary>
    public int MinModalities { get; init; } = 2;

    /// <summary>The severity of a single-modality "verify" alert; null raises nothing for one modality.</summary>
    public Severity? VerifySeverity { get; init; } = Rules.Severity.Yellow;
}
