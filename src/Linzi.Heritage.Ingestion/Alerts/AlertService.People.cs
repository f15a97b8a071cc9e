using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Storage.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Alerts;

/// <summary>What people and the escalation clock do to alerts: acknowledge, resolve, confirm cases, hand over, escalate.</summary>
public sealed partial class AlertService
{
    /// <summary>Acknowledges an alert on behalf of <paramref name="actor"/>.</summary>
    public Task<(TransitionStatus Status, Alert? Alert, string? Error)> AcknowledgeAsync(string id, string actor, string? note) =>
        TransitionAsync(id, (alert, sequence, now) => AlertTransitions.Acknowledge(alert, actor, note, sequence, now));

    /// <summary>Resolves an alert with a disposition on behalf of <paramref name="actor"/>.</summary>
    public Task<(TransitionStatus Status, Alert? Alert, string? Error)> ResolveAsync(string id, string actor, string disposition, string? note) =>
        TransitionAsync(id, (alert, sequence, now) => AlertTransitions.Resolve(alert, actor, disposition, note, sequence, now));

    /// <summary>
    /// Resolves an alert as handled and confirms it as a heritage case, starting its reporting clock: two events
    /// (resolved, case_confirmed) in one step, so the clock can never be missing after a resolve that asked for it.
    /// </summary>
    public Task<(TransitionStatus Status, Alert? Alert, string? Error)> ResolveAsConfirmedCaseAsync(string id, string actor, string? note) =>
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
    public Task<(TransitionStatus Status, Alert? Alert, string? Error)> RecordReportAsync(string id, string actor, string kind, string reference) =>
        TransitionAsync(id, (alert, sequence, now) => AlertTransitions.RecordReport(alert, kind, reference, actor, sequence, now));

    /// <summary>
    /// Applies every escalation step that is due: one level up the chain for an alert whose acknowledge or resolve
    /// time ran out, a reminder at the top. Deadlines run from each alert's latest clock event in the store.
    /// </summary>
    /// <param name="chainOf">The escalation chain of an alert (from the registry).</param>
    /// <param name="timeouts">The periods per severity.</param>
    /// <returns>How many steps were taken.</returns>
    public async Task<int> EscalateDueAsync(Func<Alert, IReadOnlyList<string>> chainOf, EscalationTimeouts timeouts)
    {
        ArgumentNullException.ThrowIfNull(chainOf);
        var notices = new List<AlertNotice>();
        await _lock.WaitAsync();
        try
        {
            var now = time.GetUtcNow();
            foreach (var alert in Active.Values.ToList())
            {
                if (!Clock.TryGetValue(alert.Id, out var start) ||
                    Escalation.Due(alert, chainOf(alert), start, now, timeouts) is not { } step)
                {
                    continue;
                }

                if (step.Kind == "escalated")
                {
                    var result = AlertTransitions.Escalate(alert, step.To, step.Level, AlertEvent.SystemActor, null, NextSequence(), now);
                    Save(result.Alert!, result.Event!);
                    notices.Add(new AlertNotice("escalated", result.Alert!, step.To));
                }
                else
                {
                    var reminder = AlertTransitions.Remind(alert, step.To, now);
                    store.AppendEvent(reminder);
                    Clock[alert.Id] = now;
                    notices.Add(new AlertNotice("reminded", alert, step.To));
                }
            }

            // Confirmed cases whose statutory report deadline passed go to the top of the chain and the bureau.
            foreach (var alert in store.OpenIncidents())
            {
                if (alert.Incident!.NewlyOverdue(now) is { Count: > 0 } kinds)
                {
                    var top = chainOf(alert) is { Count: > 0 } chain ? chain[^1] : null;
                    var (overdue, overdueEvent) = AlertTransitions.ReportOverdue(alert, kinds, top ?? "bureau", NextSequence(), now);
                    Save(overdue, overdueEvent);
                    notices.Add(new AlertNotice("overdue", overdue, top));
                }
            }
        }
        finally
        {
            _lock.Release();
        }

        foreach (var notice in notices)
        {
            logger.AlertEscalated(notice.Alert.Id, notice.Kind, notice.To ?? "bureau");
            if (notice.Kind is "escalated" or "overdue")
            {
                await PushAsync(() => notifier.AlertUpdatedAsync(notice.Alert));
            }

            await PushAsync(() => notifier.AlertNoticeAsync(notice));
        }

        return notices.Count;
    }

    /// <summary>Hands an active alert to another person (a neighbouring inspector, a chief) on behalf of <paramref name="actor"/>.</summary>
    public async Task<(TransitionStatus Status, Alert? Alert, string? Error)> HandOverAsync(string id, string actor, string to, string? note)
    {
        var outcome = await TransitionAsync(id, (alert, sequence, now) => AlertTransitions.Escalate(alert, to, alert.Level, actor, note ?? $"handed to {to} by {actor}", sequence, now));
        if (outcome.Item1 == TransitionStatus.Done)
        {
            await PushAsync(() => notifier.AlertNoticeAsync(new AlertNotice("escalated", outcome.Item2!, to)));
        }

        return outcome;
    }
}
