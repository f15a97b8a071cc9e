using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>Port: alerts about the system itself (a growing backlog), raised by its own monitors. Thread-safe.</summary>
public interface ISystemAlerts
{
    /// <summary>Raises an alert of a system rule unless one is active; null when one is.</summary>
    Task<Alert?> RaiseSystemAsync(string ruleId, Severity severity, string metric, double value, string message);

    /// <summary>Resolves the active alert of a system rule, if any.</summary>
    Task ResolveSystemAsync(string ruleId, string note);
}
