namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// A rule's verdict that an alert should be open: the value that met it, the severity to raise, and the subject the
/// alert belongs to (a device, or a grid cell for correlations). Raising again for an open alert of the same rule
/// and subject counts as a repeat, or upgrades its severity.
/// </summary>
public sealed record RuleMatch(Rule Rule, string Metric, double Value)
{
    /// <summary>The colour to raise; the rule's by default.</summary>
    public Severity Severity { get; init; } = Rule.Severity;

    /// <summary>What the alert is about; null for the reading's device.</summary>
    public string? Subject { get; init; }

    /// <summary>True when the reading was a drill (演练).</summary>
    public bool Drill { get; init; }

    /// <summary>
    /// The maintenance window in force when the alert was raised anyway, or null. Red and intrusion alerts are never
    /// silenced by a maintenance window (<see cref="Works.MaintenanceOverride"/>); they say so in their text instead.
    /// </summary>
    public string? DuringMaintenance { get; init; }

    /// <summary>Alert text; null derives one from the rule.</summary>
    public string? Message { get; init; }
}
