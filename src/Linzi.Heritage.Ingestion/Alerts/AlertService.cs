using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Storage.Alerts;
using Microsoft.Extensions.Logging;

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

/// <summary>
/// Raises alerts and applies people's transitions, persisting each with its event and then pushing it.
/// Concurrency: one lock serialises every transition, which keeps "at most one active alert per rule and device"
/// and the rising sequence exact. The (rule, device) pairs with an active alert are kept in memory (loaded once,
/// maintained under the lock), so a sustained breach, which matches on every reading, costs no query.
/// </summary>
public sealed class AlertService(SqliteAlertStore store, IMonitorNotifier notifier, TimeProvider time, ILogger<AlertService> logger)
    : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private long _sequence = -1;
    private HashSet<(string RuleId, string DeviceId)>? _active;

    /// <summary>Raises an alert for a match unless the rule already has an active alert for the device.</summary>
    public async Task<Alert?> RaiseIfNewAsync(RuleMatch match, ReadingContext context, DateTimeOffset readingTime)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(context);
        Alert alert;
        await _lock.WaitAsync();
        try
        {
            if (!Active.Add((match.Rule.Id, context.Device.Id)))
            {
                return null;
            }

            var sequence = NextSequence();
            var id = "A" + sequence.ToString("D6", CultureInfo.InvariantCulture);
            (alert, var raised) = AlertTransitions.Raise(id, sequence, match, context, readingTime, time.GetUtcNow());
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

    /// <summary>Raises an alert about the system itself unless one of the same rule is active; null when one is.</summary>
    public async Task<Alert?> RaiseSystemAsync(string ruleId, Severity severity, string metric, double value, string message)
    {
        Alert alert;
        await _lock.WaitAsync();
        try
        {
            if (!Active.Add((ruleId, AlertTransitions.SystemDeviceId)))
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
            known = Active.Contains((ruleId, AlertTransitions.SystemDeviceId));
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

    private async Task<(TransitionStatus, Alert?, string?)> TransitionAsync(
        string id, Func<Alert, long, DateTimeOffset, TransitionResult> transition)
    {
        Alert updated;
        await _lock.WaitAsync();
        try
        {
            if (store.Get(id) is not { } current)
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
            Save(updated, result.Event!);
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
    private HashSet<(string RuleId, string DeviceId)> Active => _active ??= store.ActiveKeys();

    // Under the lock only: persists, then keeps the active set in step (a failed save leaves it as it was).
    private void Save(Alert alert, AlertEvent alertEvent)
    {
        var key = (alert.RuleId, alert.DeviceId);
        try
        {
            store.Save(alert, alertEvent);
        }
        catch
        {
            if (alertEvent.Type == "raised")
            {
                Active.Remove(key);
            }

            throw;
        }

        if (!alert.IsActive)
        {
            Active.Remove(key);
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
