namespace Linzi.Heritage.Domain.Alerts;

/// <summary>A call to act on an alert, addressed to a person. Immutable.</summary>
/// <param name="Kind"><c>raised</c>, <c>escalated</c>, <c>reminded</c> or <c>overdue</c>.</param>
/// <param name="Alert">The alert as it is now.</param>
/// <param name="To">The person to reach; null for the bureau only.</param>
public sealed record AlertNotice(string Kind, Alert Alert, string? To);
