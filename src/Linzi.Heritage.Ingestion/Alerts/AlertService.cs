using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Storage.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Alerts;

/// <summary>
/// Raises, repeats, upgrades and clears alerts, and applies people's transitions, persisting each with its event
/// and then pushing it. Concurrency: one lock serialises every transition, which keeps "at most one active alert
/// per rule and subject" and the rising sequence exact. Active alerts are kept in memory (loaded once, maintained
/// under the lock), so a sustained breach, which matches on every reading, costs no query: its repeats are counted
/// in memory and written once per batch by <see cref="FlushRepeatsAsync"/>.
/// </summary>
public sealed partial class AlertService(
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
