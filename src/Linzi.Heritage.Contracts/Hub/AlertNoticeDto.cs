namespace Linzi.Heritage.Contracts.Hub;

/// <summary>A call to act on an alert.</summary>
/// <param name="Kind"><c>raised</c>, <c>escalated</c>, <c>reminded</c> or <c>overdue</c>.</param>
/// <param name="Alert">The alert as it is now.</param>
/// <param name="To">The person addressed; null when only the bureau is.</param>
public sealed record AlertNoticeDto(string Kind, AlertDto Alert, string? To);
