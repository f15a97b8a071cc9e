using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>How long each severity may wait before it escalates: to be acknowledged, and once acknowledged, to be resolved.</summary>
/// <param name="Acknowledge">Per severity; a missing entry never escalates.</param>
/// <param name="Resolve">Per severity; a missing entry never escalates.</param>
public sealed record EscalationTimeouts(IReadOnlyDictionary<Severity, TimeSpan> Acknowledge, IReadOnlyDictionary<Severity, TimeSpan> Resolve)
{
    /// <summary>The district's defaults: red 5 min, orange 15, yellow 60, blue never to acknowledge; 1 h, 4 h and 24 h to resolve.</summary>
    public static EscalationTimeouts Default { get; } = new(
        new Dictionary<Severity, TimeSpan>
        {
            [Severity.Red] = TimeSpan.FromMinutes(5), [Severity.Orange] = TimeSpan.FromMinutes(15), [Severity.Yellow] = TimeSpan.FromMinutes(60),
        },
        new Dictionary<Severity, TimeSpan>
        {
            [Severity.Red] = TimeSpan.FromHours(1), [Severity.Orange] = TimeSpan.FromHours(4), [Severity.Yellow] = TimeSpan.FromHours(24),
        });
}

/// <summary>What the escalation clock asks for now.</summary>
/// <param name="Kind"><c>escalated</c> (one level up the chain) or <c>reminded</c> (the top of the chain, again).</param>
/// <param name="To">Who is notified.</param>
/// <param name="Level">The chain level after the step.</param>
public sealed record EscalationStep(string Kind, string To, int Level);

/// <summary>
/// The heritage-chief (文物长制) escalation clock. An alert not acknowledged within its severity's time goes one level
/// up the chain (inspector → village → township → district chief); at the top it reminds the district chief again
/// each period until someone acknowledges. Acknowledging starts the resolve clock, which escalates the same way.
/// The clock runs from the latest of raised, escalated, reminded and acknowledged in the alert's persisted history,
/// so a restart recomputes every deadline. Pure.
/// </summary>
public static class Escalation
{
    /// <summary>Event types that restart the clock.</summary>
    public static readonly IReadOnlyList<string> ClockEvents = ["raised", "escalated", "reminded", "acknowledged"];

    /// <summary>When the current period ends, or null when this alert never escalates.</summary>
    public static DateTimeOffset? Deadline(Alert alert, DateTimeOffset clockStart, EscalationTimeouts timeouts)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(timeouts);
        if (!alert.IsActive)
        {
            return null;
        }

        var table = alert.State == AlertState.Acknowledged ? timeouts.Resolve : timeouts.Acknowledge;
        return table.TryGetValue(alert.Severity, out var period) ? clockStart + period : null;
    }

    /// <summary>The step due at <paramref name="now"/>, or null.</summary>
    /// <param name="alert">An active alert.</param>
    /// <param name="chain">Usernames from the first responder up to the district chief.</param>
    /// <param name="clockStart">The time of its latest clock event.</param>
    /// <param name="now">The current time.</param>
    /// <param name="timeouts">The periods.</param>
    public static EscalationStep? Due(Alert alert, IReadOnlyList<string> chain, DateTimeOffset clockStart, DateTimeOffset now, EscalationTimeouts timeouts)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0 || Deadline(alert, clockStart, timeouts) is not { } deadline || now < deadline)
        {
            return null;
        }

        var next = alert.Level + 1;
        return next < chain.Count
            ? new EscalationStep("escalated", chain[next], next)
            : new EscalationStep("reminded", chain[^1], chain.Count - 1);
    }
}
