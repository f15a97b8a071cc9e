namespace Linzi.Heritage.Domain.Audit;

/// <summary>One audited change: who changed what, when, and the JSON before and after (null for a create or delete).</summary>
public sealed record AuditEntry(long Id, string Entity, string EntityId, string Action, string Actor, DateTimeOffset At, string? Before, string? After);
