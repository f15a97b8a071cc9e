namespace Linzi.Heritage.Domain.Notifications;

/// <summary>A message waiting for, or done with, delivery to one channel.</summary>
/// <param name="Id">Row id.</param>
/// <param name="IdempotencyKey">Unique per (channel, alert, notice, recipient, time); sent with the message so receivers can drop repeats.</param>
/// <param name="Channel">The configured channel's name.</param>
/// <param name="Kind"><c>raised</c>, <c>escalated</c>, <c>reminded</c>, <c>overdue</c> or <c>digest</c>.</param>
/// <param name="AlertId">The alert, or null for a digest.</param>
/// <param name="RuleId">The alert's rule, for the per-rule limit.</param>
/// <param name="DeviceId">The alert's device, for the per-device limit.</param>
/// <param name="Recipient">The person addressed, or null.</param>
/// <param name="Text">The human text.</param>
/// <param name="Payload">The JSON body for webhook-style channels.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c>, <c>dead</c>, <c>folded</c> (into a digest) or <c>digested</c>.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="NextAttemptAt">When the next attempt is due.</param>
/// <param name="LastError">Why the last attempt failed.</param>
public sealed record OutboxMessage(
    long Id, string IdempotencyKey, string Channel, string Kind, string? AlertId, string? RuleId, string? DeviceId, string? Recipient,
    string Text, string Payload, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, string? LastError);
