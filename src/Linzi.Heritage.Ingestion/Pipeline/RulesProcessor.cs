using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Enriches each journaled reading with its device, site, cell and zones from the registry snapshot, evaluates the
/// rules in scope (with their memory: sustain, hysteresis, rates, geofences, correlations), and raises, repeats or
/// clears alerts, unless a permit or maintenance window covers them, in which case they are counted against it. It
/// also feeds the live map and last-seen times. Readings of one device are evaluated in journal order, on one thread.
/// </summary>
public sealed class RulesProcessor(
    IReadingJournal journal,
    ICheckpointStore checkpoints,
    RegistryHolder registry,
    WorksHolder works,
    IWorksStore worksStore,
    IRuleAlerts alerts,
    ISystemAlerts systemAlerts,
    LiveReadings live,
    DeviceStatusTracker status,
    TimeProvider time,
    ILogger<RulesProcessor> logger)
    : JournalConsumer(journal, checkpoints, time, logger)
{
    private readonly ILogger _logger = logger;
    private readonly RuleEvaluator _evaluator = new();
    private readonly RuleEvaluator _drillEvaluator = new(); // Drills keep their own rule memory: they never mix with real readings.
    private readonly List<RuleMatch> _raised = [];
    private readonly List<RuleCleared> _cleared = [];
    private readonly List<AlertOperation> _operations = [];
    private RuleSet? _ruleSet;

    /// <inheritdoc />
    public override string Name => "rules";

    /// <inheritdoc />
    protected override async Task ProcessAsync(IReadOnlyList<JournalEntry> batch, CancellationToken cancellationToken)
    {
        var snapshot = registry.Current; // One snapshot for the whole batch: consistent, and one volatile read.
        if (!ReferenceEquals(snapshot.RuleSet, _ruleSet))
        {
            _evaluator.Forget(snapshot.Rules); // Replaced or deleted rules start afresh; unchanged ones keep their memory.
            _drillEvaluator.Forget(snapshot.Rules);
            _ruleSet = snapshot.RuleSet;
        }

        var permits = works.Current;
        _operations.Clear();
        foreach (var entry in batch)
        {
            var reading = entry.Reading;
            live.Offer(reading);
            status.Seen(reading);
            if (!snapshot.Devices.TryGetValue(reading.DeviceId, out var device))
            {
                _logger.UnknownDevice(reading.DeviceId);
                continue;
            }

            var context = snapshot.Context(device, reading.Lat, reading.Lon);
            _raised.Clear();
            _cleared.Clear();
            // Only the server decides what is a drill: the device's flag (set by the bureau) or a drill window the bureau
            // declared. A payload's own "drill": true is kept in the journal but trusted for nothing, or a device (or
            // whoever holds its secret) could turn a real alarm into a drill.
            var drill = device.Drill || permits.IsDrill(device.Id, device.SiteId, reading.Timestamp);
            (drill ? _drillEvaluator : _evaluator).Evaluate(reading, context, snapshot.RuleSet.For(context), _raised, _cleared);
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
                    _logger.AlertSuppressed(match.Rule.Id, device.Id, suppression.Kind, suppression.Id, suppression.Reason);
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

        // The batch's raises and clears commit together (one fsync for a burst), and each is pushed once that is durable.
        await alerts.ApplyAsync([.. _operations]);
        await alerts.FlushRepeatsAsync();
        worksStore.AddHits(works.TakeCounts());
    }

    /// <summary>The alert subject of a drill: its own, so a drill alert never absorbs or clears a real one.</summary>
    public static string DrillSubject(string subject) => subject + "#drill";

    /// <summary>The system rule under which the bureau hears of alarms raised inside a maintenance window.</summary>
    public const string DuringMaintenanceRuleId = "system-alarm-during-maintenance";

    // One open system alert at a time (the bureau resolves it after checking who opened the window and why); later
    // alarms in the meantime are in the alert list, each marked.
    private Task<Alert?> TellTheBureauAsync(RuleMatch match, string deviceId, string windowId) =>
        systemAlerts.RaiseSystemAsync(
            DuringMaintenanceRuleId, Severity.Orange, match.Metric, match.Value,
            $"检修窗口 {windowId} 期间 {deviceId} 触发 {match.Rule.Name}（{match.Severity}）：告警照常发出，请核实检修是否属实");
}
