namespace Linzi.Heritage.Domain.Audit;

/// <summary>Port: the append-only log of who changed what in the registry, rules, works and accounts. Thread-safe.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry; <paramref name="before"/> and <paramref name="after"/> are JSON, or null.</summary>
    void Record(string entity, string entityId, string action, string actor, DateTimeOffset at, string? before, string? after);

    /// <summary>Entries, newest first, optionally for one entity type and id.</summary>
    IReadOnlyList<AuditEntry> Query(string? entity, string? entityId, int limit);
}
