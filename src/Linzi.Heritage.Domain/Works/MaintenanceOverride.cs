using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Works;

/// <summary>
/// Which alerts a maintenance window may not silence: red ones and signs of intrusion (movement, digging sounds).
/// Maintenance is done by one person with one account; a window over a pit during a night of looting would otherwise
/// turn the system's silence into cover. Such alerts are raised anyway, marked as during maintenance, and the bureau
/// is told. Permits (the bureau's own decision) keep suppressing as configured.
/// </summary>
public static class MaintenanceOverride
{
    private static readonly HashSet<string> IntrusionMetrics = new(StringComparer.Ordinal) { "pir_count", "ground_sound_db" };

    /// <summary>True when a maintenance window must not silence the alert.</summary>
    public static bool NeverSilenced(RuleMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.Severity == Severity.Red || IntrusionMetrics.Contains(match.Metric);
    }
}
