using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Storage.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Alerts;

/// <summary>The outcome of a requested alert transition.</summary>
public enum TransitionStatus
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>No alert with that id.</summary>
    NotFound,

    /// <summary>Not allowed from the alert's current state.</summary>
    Conflict,
}

/// <summary>What a raise request did.</summary>
public enum RaiseOutcome
{
    /// <summary>A new alert.</summary>
    Raised,

    /// <summary>Counted into the open alert of the same rule and subject.</summary>
    Repeated,

    /// <summary>The open alert's severity went up.</summary>
    Upgraded,

    /// <summary>Flood control refused a new alert.</summary>
    Limited,
}

/// <summary>
/// Raises, repeats, upgrades and clears alerts, and applies people's transitions, persisting each with its event
/// and then pushing it. Concurrency: one lock serialises every transition, which keeps "at most one active alert
/// per rule and subject" and the rising sequence exact. Active alerts are kept in memory (loaded once, maintained
/// under the lock), so a sustained breach, which matches on every reading, costs no query: its repeats are counted
/// in memory and written once per batch by <see cref="FlushRepeatsAsync"/>.
/// </summary>
public sealed class AlertService(
    SqliteAlertStore store, IMonitorNotifier notifier, TimeProvider time, IOptions<RuleOptions> options, ILogger<AlertService> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly FloodControl _flood = new(options.Value);
    private readonly HashSet<(string RuleId, string Subject)> _pendingRepeats = [];
    private long _sequence = -1;
    private Dictionary<(string RuleId, string Subject), Alert>? _active;
    private Dictionary<string, DateTimeOffset>? _clock;
    private long _limited;

    /// <summary>New alerts flood control has refused since start.</summary>
    public long Limited => Interlocked.Read(ref _limited);

    /// <summary>
    /// Raises an alert for a match, or counts it into the open alert of the same rule and subject (upgrading its
    /// severity when the match is more severe).
    /// </summary>
    public async Task<RaiseOutcome> RaiseAsync(RuleMatch match, ReadingContext context, DateTimeOffset readingTime)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(context);
        var key = (match.Rule.Id, match.Subject ?? context.Device.Id);
        Alert alert;
        RaiseOutcome outcome;
        await _lock.WaitAsync();
        try
        {
            if (Active.TryGetValue(key, out var current))
            {
                if (match.Severity <= current.Severity)
                {
                    var repeated = AlertTransitions.Repeat(current, match, readingTime);
                    Active[key] = repeated;
                    _pendingRepeats.Add(key);
                    return RaiseOutcome.Repeated;
                }

                (alert, var upgraded) = AlertTransitions.Upgrade(current, match, readingTime, NextSequence(), time.GetUtcNow());
                Save(alert, upgraded);
                outcome = RaiseOutcome.Upgraded;
            }
            else
            {
                if (_flood.TryAdmit(match.Rule.Id, context.Device.Id, time.GetUtcNow()) is { } limit)
                {
                    Interlocked.Increment(ref _limited);
                    if (_flood.ShouldWarn(match.Rule.Id, key.Item2, time.GetUtcNow()))
                    {
                        logger.AlertLimited(match.Rule.Id, key.Item2, limit);
                    }

                    return RaiseOutcome.Limited;
                }

                var sequence = NextSequence();
                (alert, var raised) = AlertTransitions.Raise(
                    "A" + sequence.ToString("D6", CultureInfo.InvariantCulture), sequence, match, context, readingTime, time.GetUtcNow());
                Save(alert, raised);
                outcome = RaiseOutcome.Raised;
            }
        }
        finally
        {
            _lock.Release();
        }

        if (outcome == RaiseOutcome.Raised)
        {
            logger.AlertRaised(alert.Id, alert.RuleId, alert.DeviceId, alert.Severity.ToWire());
            await PushAsync(() => notifier.AlertRaisedAsync(alert));
            await PushAsync(() => notifier.AlertNoticeAsync(new AlertNotice("raised", alert, alert.AssignedTo)));
        }
        else
        {
            logger.AlertUpgraded(alert.Id, alert.RuleId, alert.Subject, alert.Severity.ToWire());
            await PushAsync(() => notifier.AlertUpdatedAsync(alert));
        }

        return outcome;
    }

    /// <summary>Resolves the open alert of a rule for a subject, with disposition <c>cleared</c>, once its condition has passed back.</summary>
    public async Task<Alert?> ClearAsync(string ruleId, string subject, string note)
    {
        Alert alert;
        await _lock.WaitAsync();
        try
        {
            if (!Active.TryGetValue((ruleId, subject), out var current))
            {
                return null;
            }

            var result = AlertTransitions.Clear(current, note, NextSequence(), time.GetUtcNow());
            alert = result.Alert!;
            Save(alert, result.Event!);
        }
        finally
        {
            _lock.Release();
        }

        logger.AlertCleared(alert.Id, ruleId, subject, note);
        await PushAsync(() => notifier.AlertUpdatedAsync(alert));
        return alert;
    }

    /// <summary>Writes the repeats counted since the last flush in one transaction and pushes the updated alerts.</summary>
    public async Task FlushRepeatsAsync()
    {
        List<Alert> flushed;
        await _lock.WaitAsync();
        try
        {
            if (_pendingRepeats.Count == 0)
            {
                return;
            }

            var now = time.GetUtcNow();
            flushed = [.. _pendingRepeats.Select(key => Active[key] with { Sequence = NextSequence(), UpdatedAt = now })];
            _pendingRepeats.Clear();
            try
            {
                store.SaveRepeats(flushed);
            }
            catch
            {
                _sequence = -1; // Re-read the sequence from the store; the in-memory counts stay and are written with the next change.
                throw;
            }

            foreach (var alert in flushed)
            {
                Active[(alert.RuleId, alert.Subject)] = alert;
            }
        }
        finally
        {
            _lock.Release();
        }

        foreach (var alert in flushed)
        {
            await PushAsync(() => notifier.AlertUpdatedAsync(alert));
        }
    }

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

    /// <summary>Raises an alert about the system itself unless one of the same rule is active; null when one is.</summary>
    public async Task<Alert?> RaiseSystemAsync(string ruleId, Severity severity, string metric, double value, string message)
    {
        Alert alert;
        await _lock.WaitAsync();
        try
        {
            if (Active.ContainsKey((ruleId, AlertTransitions.SystemDeviceId)))
            {
                return null;
            }

            var sequence = NextSequence();
            (alert, var raised) = AlertTransitions.RaiseSystem(
                "A" + sequence.ToString("D6", CultureInfo.InvariantCulture), sequence, ruleId, severity, metric, value, message, time.GetUtcNow());
            Save(alert, raised);
        }
        finally
        {
            _lock.Release();
        }

        logger.AlertRaised(alert.Id, alert.RuleId, alert.DeviceId, alert.Severity.ToWire());
        await PushAsync(() => notifier.AlertRaisedAsync(alert));
        return alert;
    }

    /// <summary>Resolves the active system alert of a rule, if any, once its cause has cleared.</summary>
    public async Task ResolveSystemAsync(string ruleId, string note)
    {
        bool known;
        await _lock.WaitAsync();
        try
        {
            known = Active.ContainsKey((ruleId, AlertTransitions.SystemDeviceId));
        }
        finally
        {
            _lock.Release();
        }

        // Only look the alert up when one is active, which is rare; the monitor calls this every few seconds.
        if (known && store.FindActive(ruleId, AlertTransitions.SystemDeviceId) is { } active)
        {
            await ResolveAsync(active.Id, AlertEvent.SystemActor, "handled", note);
        }
    }

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

    private async Task<(TransitionStatus, Alert?, string?)> TransitionAsync(
        string id, Func<Alert, long, DateTimeOffset, TransitionResult> transition)
    {
        Alert updated;
        await _lock.WaitAsync();
        try
        {
            // The in-memory copy of an active alert carries repeat counts not yet flushed.
            if ((Active.Values.FirstOrDefault(a => a.Id == id) ?? store.Get(id)) is not { } current)
            {
                return (TransitionStatus.NotFound, null, null);
            }

            var result = transition(current, NextSequence(), time.GetUtcNow());
            if (!result.Succeeded)
            {
                _sequence--; // The number was not used; keep the sequence gapless for clients that count.
                return (TransitionStatus.Conflict, current, result.Error);
            }

            updated = result.Alert!;
            Save(updated, result.Event!, result.Preceding);
        }
        finally
        {
            _lock.Release();
        }

        await PushAsync(() => notifier.AlertUpdatedAsync(updated));
        return (TransitionStatus.Done, updated, null);
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    // Under the lock only.
    private Dictionary<(string RuleId, string Subject), Alert> Active =>
        _active ??= store.Active().ToDictionary(a => (a.RuleId, a.Subject));

    // Under the lock only: the time of each active alert's latest clock event, loaded from the stored history.
    private Dictionary<string, DateTimeOffset> Clock => _clock ??= store.ClockStarts();

    // Under the lock only: persists, then keeps the active set in step (a failed save leaves it as it was).
    private void Save(Alert alert, AlertEvent alertEvent, IReadOnlyList<AlertEvent>? preceding = null)
    {
        store.Save(alert, [.. preceding ?? [], alertEvent]);
        var key = (alert.RuleId, alert.Subject);
        _pendingRepeats.Remove(key); // The whole row, counts included, is written.
        if (alert.IsActive)
        {
            Active[key] = alert;
            if (Escalation.ClockEvents.Contains(alertEvent.Type))
            {
                Clock[alert.Id] = alertEvent.At;
            }
        }
        else
        {
            Active.Remove(key);
            Clock.Remove(alert.Id);
        }
    }

    private long NextSequence()
    {
        if (_sequence < 0)
        {
            _sequence = store.MaxSequence();
        }

        return ++_sequence;
    }

    private async Task PushAsync(Func<Task> push)
    {
        try
        {
            await push();
        }
#pragma warning disable CA1031 // The alert is persisted; a failed push is logged and clients catch up by sequence.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.NotifyFailed(ex);
        }
    }
}
