namespace Linzi.Heritage.Domain.Rules.Conditions;

/// <summary>
/// A device silent for longer than <see cref="After"/>. The outcome depends on risk and time: at night
/// (<see cref="TamperWindow"/>), in a high-risk cell or inside a protection zone, silence may be tampering (a cut
/// cable, an opened enclosure) and raises <see cref="TamperSeverity"/>. Otherwise it is a maintenance ticket at the
/// rule's own, lower severity. A last-will <c>offline</c> status starts the silence.
/// </summary>
public sealed record NoDataCondition(TimeSpan After) : RuleCondition
{
    /// <inheritdoc />
    public override string Kind => "no_data";

    /// <inheritdoc />
    public override string AlertMetric => "silence_s";

    /// <summary>The severity when silence may be tampering; null treats every silence as maintenance.</summary>
    public Severity? TamperSeverity { get; init; }

    /// <summary>The hours (usually the night) when silence is suspicious anywhere.</summary>
    public Schedule? TamperWindow { get; init; }

    /// <summary>Silence in a cell with risk level <c>high</c> is suspicious at any hour.</summary>
    public bool TamperInHighRiskCells { get; init; } = true;

    /// <summary>Silence inside a protection zone is suspicious at any hour.</summary>
    public bool TamperInProtectionZones { get; init; } = true;
}
