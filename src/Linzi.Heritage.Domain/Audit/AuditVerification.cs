namespace Linzi.Heritage.Domain.Audit;

/// <summary>The result of walking the audit log's HMAC chain.</summary>
/// <param name="Intact">True when every entry matches its hash and follows the one before it.</param>
/// <param name="EntriesChecked">How many entries were read (up to and including the first break).</param>
/// <param name="BrokenAtEntryId">The id of the first entry that does not match, or null.</param>
/// <param name="Problem">What is wrong there.</param>
/// <param name="Head">The newest entry's hash when intact (what an anchor published), else null.</param>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAtEntryId, string? Problem, string? Head);

/// <summary>The head of the audit chain: how many entries, the newest one's id and its hash (null when empty).</summary>
public sealed record AuditHead(long Count, long? LastId, string? Hash);
