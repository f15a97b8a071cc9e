using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Domain.Works;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Judges readings against the rules in scope with their memory (sustain, hysteresis, rates, geofences,
/// correlations), and raises, repeats or clears alerts, unless a permit or maintenance window covers them, in which
/// case they are counted against it. Each judge keeps the memory of the readings it was given: one for the whole
/// stream on a single instance (<see cref="RulesProcessor"/>), one per partition when instances share the rules
/// (<see cref="RulePartitionConsumer"/>). Not thread-safe: its owner feeds it one batch at a time.
/// </summary>
public sealed class RuleJudge(
    RegistryHolder registry,
    WorksHolder works,
    IWorksStore worksStore,
    IRuleAlerts alerts,
    ISystemAlerts systemAlerts,
    ILogger<RuleJudge> logger)
{
    private readonly List<RuleMatch> _raised = [];
    private readonly List<RuleCleared> _cleared = [];
    private readonly List<AlertOperation> _operations = [];
    private RuleEvaluator _evaluator = new();
    private RuleEvaluator _drillEvaluator = new(); // Drills keep their own rule memory: they never mix with real readings.
    private RuleSet? _ruleSet;

    /// <summary>How many (rule, subject) memories are held.</summary>
    public int MemoryCount => _evaluator.StateCount + _drillEvaluator.StateCount;

    /// <summary>The system rule under which the bureau hears of alarms raised inside a maintenance window.</summary>
    public const string DuringMaintenanceRuleId = "system-alarm-during-maintenance";

    /// <summary>The alert subject of a drill: its own, so a drill alert never absorbs or clears a real one.</summary>
    public static string DrillSubject(string subject) => subject + "#drill";

    /// <summary>Judges a batch, oldest first; its raises and clears commit together (one fsync for a burst).</summary>
    public async Task JudgeAsync(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var snapshot = Snapshot();
        var permits = works.Current;
        _operations.Clear();
        foreach (var reading in readings)
        {
            if (Evaluate(snapshot, permits, reading) is not { } judged)
            {
                continue;
            }

            var (device, context, drill) = judged;
            foreach (var evaluated in _raised)
            {
                var match = drill ? evaluated with { Drill = true, Subject = DrillSubject(evaluated.Subject ?? device.Id) } : evaluated;
                var suppression = permits.Find(match.Rule, context, reading.Timestamp);
                if (suppression is { Kind: "maintenance" } window && MaintenanceOverride.NeverSilenced(match))
                {
                    match = match with { DuringMaintenance = window.Id };
                    await TellTheBureauAsync(match, device.Id, window.Id);
                    suppression = null;
                }

                if (suppression is not null)
                {
                    works.Count(suppression, reading.Timestamp);
                    logger.AlertSuppressed(match.Rule.Id, device.Id, suppression.Kind, suppression.Id, suppression.Reason);
                    continue;
                }

                _operations.Add(new RaiseAlert(match, context, reading.Timestamp));
            }

            foreach (var clear in _cleared)
            {
                if (clear.Rule.AutoClear)
                {
                    _operations.Add(new ClearAlert(clear.Rule.Id, drill ? DrillSubject(clear.Subject) : clear.Subject, clear.Note));
                }
            }
        }

        // Pushed once committed and durable.
        await alerts.ApplyAsync([.. _operations]);
        await alerts.FlushRepeatsAsync();
        worksStore.AddHits(works.TakeCounts());
    }

    /// <summary>
    /// Starts afresh, then feeds readings that were judged before (by this instance or another) through the rules
    /// only to rebuild their memory: nothing is raised, cleared or counted. A new owner of a partition does this, so
    /// that a breach that began under the last owner is judged as one.
    /// </summary>
    public void Recall(IReadOnlyList<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        _evaluator = new RuleEvaluator();
        _drillEvaluator = new RuleEvaluator();
        var snapshot = Snapshot();
        var permits = works.Current;
        foreach (var reading in readings)
        {
            Evaluate(snapshot, permits, reading);
        }
    }

    private RegistrySnapshot Snapshot()
    {
        var snapshot = registry.Current; // One snapshot for the whole batch: consistent, and one volatile read.
        if (!ReferenceEquals(snapshot.RuleSet, _ruleSet))
        {
            _evaluator.Forget(snapshot.Rules); // Replaced or deleted rules start afresh; unchanged ones keep their memory.
            _drillEvaluator.Forget(snapshot.Rules);
            _ruleSet = snapshot.RuleSet;
        }

        return snapshot;
    }

    // Fills _raised and _cleared for one reading; null when its device is not (or no longer) registered.
    private (Device Device, ReadingContext Context, bool Drill)? Evaluate(RegistrySnapshot snapshot, WorksRegistry permits, Reading reading)
    {
        _raised.Clear();
        _cleared.Clear();
        if (!snapshot.Devices.TryGetValue(reading.DeviceId, out var device))
        {
            logger.UnknownDevice(reading.DeviceId);
            return null;
        }

        var context = snapshot.Context(device, reading.Lat, reading.Lon);
        // Only the server decides what is a drill: the device's flag (set by the bureau) or a drill window the bureau
        // declared. A payload's own "drill": true is kept in the journal but trusted for nothing, or a device (or
        // whoever holds its secret) could turn a real alarm into a drill.
        var drill = device.Drill || permits.IsDrill(device.Id, device.SiteId, reading.Timestamp);
        (drill ? _drillEvaluator : _evaluator).Evaluate(reading, context, snapshot.RuleSet.For(context), _raised, _cleared);
        return (device, context, drill);
    }

    // One open system alert at a time (the bureau resolves it after checking who opened the window and why); later
    // alarms in the meantime are in the alert list, each marked.
    private Task<Alert?> TellTheBureauAsync(RuleMatch match, string deviceId, string windowId) =>
        systemAlerts.RaiseSystemAsync(
            DuringMaintenanceRuleId, Domain.Rules.Severity.Orange, match.Metric, match.Value,
            $"检修窗口 {windowId} 期间 {deviceId} 触发 {match.Rule.Name}（{match.Severity}）：告警照常发出，请核实检修是否属实");
}
