using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// What people do to alerts: acknowledge, resolve (confirming a heritage case), record statutory reports, hand over,
/// and attach evidence. Each is one ledger change; the outcome says whether it was allowed. Thread-safe.
/// </summary>
public sealed class AlertActions(AlertLedger ledger)
{
    /// <summary>Acknowledges an alert on behalf of <paramref name="actor"/>.</summary>
    public Task<TransitionOutcome> AcknowledgeAsync(string id, string actor, string? note) =>
        TransitionAsync(id, (alert, sequence, now) => AlertTransitions.Acknowledge(alert, actor, note, sequence, now));

    /// <summary>Resolves an alert with a disposition on behalf of <paramref name="actor"/>.</summary>
    public Task<TransitionOutcome> ResolveAsync(string id, string actor, string disposition, string? note) =>
        TransitionAsync(id, (alert, sequence, now) => AlertTransitions.Resolve(alert, actor, disposition, note, sequence, now));

    /// <summary>
    /// Resolves an alert as handled and confirms it as a heritage case, starting its reporting clock: two events
    /// (resolved, case_confirmed) in one step, so the clock can never be missing after a resolve that asked for it.
    /// </summary>
    public Task<TransitionOutcome> ResolveAsConfirmedCaseAsync(string id, string actor, string? note) =>
        TransitionAsync(id, (alert, sequence, now) =>
        {
            var resolved = AlertTransitions.Resolve(alert, actor, "handled", note, sequence, now);
            if (!resolved.Succeeded)
            {
                return resolved;
            }

            var confirmed = AlertTransitions.ConfirmCase(resolved.Alert!, actor, sequence, now);
            return confirmed.Succeeded ? confirmed with { Preceding = [resolved.Event!] } : confirmed;
        });

    /// <summary>Records a statutory report of a confirmed case.</summary>
    public Task<TransitionOutcome> RecordReportAsync(string id, string actor, string kind, string reference) =>
        TransitionAsync(id, (alert, sequence, now) => AlertTransitions.RecordReport(alert, kind, reference, actor, sequence, now));

    /// <summary>Hands an active alert to another person (a neighbouring inspector, a chief) on behalf of <paramref name="actor"/>.</summary>
    public Task<TransitionOutcome> HandOverAsync(string id, string actor, string to, string? note) =>
        TransitionAsync(
            id,
            (alert, sequence, now) => AlertTransitions.Escalate(alert, to, alert.Level, actor, note ?? $"handed to {to} by {actor}", sequence, now),
            updated => new AlertNotice("escalated", updated, to));

    /// <summary>
    /// Appends evidence (one event per attachment, or a note) to an alert's history in one ledger change, so evidence
    /// and transitions of the same alert never interleave in its hash chain. The alert itself does not change.
    /// </summary>
    /// <returns>False when the alert does not exist.</returns>
    public Task<bool> RecordEvidenceAsync(string id, string actor, IReadOnlyList<(string Type, string? Note)> items) =>
        ledger.ChangeAsync(scope =>
        {
            if (scope.Find(id) is not { } alert)
            {
                return false;
            }

            scope.Write(new LedgerEntry(alert, [.. items.Select(i => new AlertEvent(id, i.Type, actor, scope.Now, i.Note))], AlertPush.None));
            return true;
        });

    /// <summary>
    /// Appends an event of <paramref name="type"/> unless the alert's history already holds one, decided inside the
    /// ledger's change, so two instances recording the same arrival at once write it once.
    /// </summary>
    /// <returns>False when the alert does not exist or already has such an event.</returns>
    public Task<bool> RecordOnceAsync(string id, string actor, string type, string? note) =>
        ledger.ChangeAsync(scope =>
        {
            if (scope.Find(id) is not { } alert || scope.HasEvent(id, type))
            {
                return false;
            }

            scope.Write(new LedgerEntry(alert, [new AlertEvent(id, type, actor, scope.Now, note)], AlertPush.None));
            return true;
        });

    private Task<TransitionOutcome> TransitionAsync(
        string id, Func<Alert, long, DateTimeOffset, TransitionResult> transition, Func<Alert, AlertNotice>? notice = null) =>
        ledger.ChangeAsync(scope =>
        {
            if (scope.Find(id) is not { } current)
            {
                return new TransitionOutcome(TransitionStatus.NotFound, null, null);
            }

            var result = transition(current, scope.NextSequence(), scope.Now);
            if (!result.Succeeded)
            {
                return new TransitionOutcome(TransitionStatus.Conflict, current, result.Error);
            }

            var updated = result.Alert!;
            scope.Write(new LedgerEntry(updated, [.. result.Preceding, result.Event!], AlertPush.Updated, notice?.Invoke(updated)));
            return new TransitionOutcome(TransitionStatus.Done, updated, null);
        });
}

/// <summary>The outcome of a person's transition: done (with the alert as it now is), not found, or refused with why.</summary>
public sealed record TransitionOutcome(TransitionStatus Status, Alert? Alert, string? Error);
