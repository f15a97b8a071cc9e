using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>Port: what the rules pipeline asks of alerting. Thread-safe.</summary>
public interface IRuleAlerts
{
    /// <summary>Raises an alert for a match, or counts it into the open alert of the same rule and subject.</summary>
    Task<RaiseOutcome> RaiseAsync(RuleMatch match, ReadingContext context, DateTimeOffset readingTime);

    /// <summary>Resolves the open alert of a rule for a subject as <c>cleared</c>; null when none is open.</summary>
    Task<Alert?> ClearAsync(string ruleId, string subject, string note);

    /// <summary>
    /// Applies raises and clears in order, committed together: one durable commit for a pipeline batch, after which
    /// every alert it raised is pushed.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<AlertOperation> operations);

    /// <summary>Writes the repeats counted since the last call (once per pipeline batch).</summary>
    Task FlushRepeatsAsync();
}
