using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// One transition the rules pipeline asks of alerting, in the order of the readings that caused it. A pipeline batch
/// hands them over together (<see cref="IRuleAlerts.ApplyAsync"/>), so the alerts a burst raises share one durable
/// commit instead of queueing for one each.
/// </summary>
public abstract record AlertOperation;

/// <summary>Raise an alert for a match, or count it into the open alert of the same rule and subject.</summary>
/// <param name="Match">What the rule found.</param>
/// <param name="Context">The reading's device, cell, zones and site.</param>
/// <param name="ReadingTime">When the reading was taken.</param>
public sealed record RaiseAlert(RuleMatch Match, ReadingContext Context, DateTimeOffset ReadingTime) : AlertOperation;

/// <summary>Resolve the open alert of a rule for a subject as <c>cleared</c>, if there is one.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Subject">The alert's subject (a device id, or the subject a rule names).</param>
/// <param name="Note">Why it cleared.</param>
public sealed record ClearAlert(string RuleId, string Subject, string Note) : AlertOperation;
