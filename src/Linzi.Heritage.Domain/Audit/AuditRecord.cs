namespace Linzi.Heritage.Domain.Audit;

/// <summary>An entry to append to the audit log, before it has an id and a place in the chain.</summary>
/// <param name="Entity">What kind of thing changed (<c>device</c>, <c>rule</c>, <c>sign-in</c>…).</param>
/// <param name="EntityId">Which one.</param>
/// <param name="Action">What happened to it (<c>created</c>, <c>replaced</c>, <c>deleted</c>, <c>imported</c>…).</param>
/// <param name="Actor">Who did it.</param>
/// <param name="At">When.</param>
/// <param name="Before">Its state before, as JSON, or null.</param>
/// <param name="After">Its state after, as JSON, or null.</param>
public sealed record AuditRecord(string Entity, string EntityId, string Action, string Actor, DateTimeOffset At, string? Before, string? After);
