namespace Linzi.Heritage.Domain.Notifications;

/// <summary>
/// Port: the persisted notification outbox. A message is written here before anyone tries to send it, so a crash or
/// an unreachable gateway loses nothing; delivery marks it delivered, or dead after the last attempt. Thread-safe.
/// </summary>
public interface IOutbox
{
    /// <summary>Queues a message; false when one with the same idempotency key exists (then nothing changes).</summary>
    bool Enqueue(OutboxMessage message);

    /// <summary>How many messages a channel queued (individually, not folded) since a time for a device and for a rule.</summary>
    (long ForDevice, long ForRule) RecentCounts(string channel, string? deviceId, string? ruleId, DateTimeOffset since);

    /// <summary>Pending messages whose attempt is due, oldest first.</summary>
    IReadOnlyList<OutboxMessage> Due(DateTimeOffset now, int limit);

    /// <summary>When the next pending message is due, or null.</summary>
    DateTimeOffset? NextDue();

    /// <summary>Messages by status (the dead-letter list: <c>dead</c>), newest first.</summary>
    IReadOnlyList<OutboxMessage> ByStatus(string? status, int limit);

    /// <summary>Folded messages of a channel, for its digest.</summary>
    IReadOnlyList<OutboxMessage> Folded(string channel);

    /// <summary>Marks a message delivered.</summary>
    void Delivered(long id, DateTimeOffset at);

    /// <summary>Records a failed attempt: retried at <paramref name="next"/>, or dead when <paramref name="next"/> is null.</summary>
    void Failed(long id, string error, DateTimeOffset? next);

    /// <summary>Puts a dead message back in the queue; false when there is no dead message with that id.</summary>
    bool Retry(long id, DateTimeOffset now);

    /// <summary>Queues a digest and marks the folded messages it sums up, in one transaction.</summary>
    void Digest(OutboxMessage digest, IReadOnlyCollection<long> folded);
}
