namespace Linzi.Heritage.Domain.Audit;

/// <summary>
/// Port: the append-only log of security-relevant actions (who changed what in the registry, rules, works and
/// accounts; sign-ins; provisioning, rotation, revocation; config pushes; outbox retries; exports; anchors). Each entry
/// is chained to the one before it with an HMAC whose key is kept outside the store. Thread-safe.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends an entry; <paramref name="before"/> and <paramref name="after"/> are JSON, or null.</summary>
    void Record(string entity, string entityId, string action, string actor, DateTimeOffset at, string? before, string? after);

    /// <summary>
    /// Appends entries in order, all or none, in one commit: a registry import of thousands of devices is one durable
    /// write, not one per device.
    /// </summary>
    void RecordAll(IReadOnlyList<AuditRecord> records);

    /// <summary>Entries, newest first, optionally for one entity type and id.</summary>
    IReadOnlyList<AuditEntry> Query(string? entity, string? entityId, int limit);

    /// <summary>Walks the whole chain, oldest first, and reports the first entry that does not match.</summary>
    AuditVerification Verify();

    /// <summary>The newest entry's hash and the number of entries.</summary>
    AuditHead Head();
}
