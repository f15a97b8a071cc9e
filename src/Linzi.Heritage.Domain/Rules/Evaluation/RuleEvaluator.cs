using System.Globalization;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>
/// Evaluates readings against rules, keeping each rule's memory per subject (a device, or a cell for correlations):
/// sustain counters, hysteresis latches, rate windows, debounced geofence sides and correlation hits. Time is the
/// readings' own timestamps, so replaying the journal gives the same verdicts. Memory of a rule is kept across
/// registry snapshots while the rule object is unchanged, and dropped when the rule is replaced.
/// Not thread-safe: one pipeline owns it and feeds one device's readings in order.
/// </summary>
public sealed class RuleEvaluator
{
    private readonly Dictionary<(string RuleId, string Subject), SubjectState> _states = [];

    /// <summary>How many (rule, subject) memories are held.</summary>
    public int StateCount => _states.Count;

    /// <summary>
    /// Evaluates one reading against rules already known to be in scope, adding alerts to raise (or repeat) and to
    /// clear. Rules outside their schedule at the reading's time update their memory but raise nothing.
    /// </summary>
    public void Evaluate(Reading reading, ReadingContext context, IEnumerable<Rule> rules, List<RuleMatch> raised, List<RuleCleared> cleared)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(raised);
        ArgumentNullException.ThrowIfNull(cleared);
        foreach (var rule in rules)
        {
            if (!rule.Enabled)
            {
                continue;
            }

            var scheduled = rule.Schedule?.IsActive(reading.Timestamp) ?? true;
            var before = raised.Count;
            switch (rule.Condition)
            {
                case ThresholdCondition threshold when Value(reading, threshold.Metric) is { } value:
                    Step(rule, context.Device.Id, State(rule, context.Device.Id).Latch, value, reading.Timestamp, threshold.Op, threshold.Value,
                         threshold.ClearValue, threshold.Sustain, threshold.Metric, raised, cleared);
                    break;
                case RateOfChangeCondition rate when Value(reading, rate.Metric) is { } value:
                    var state = State(rule, context.Device.Id);
                    if ((state.Rate ??= new RateTracker()).Add(rate, reading.Timestamp, value) is { } perUnit)
                    {
                        Step(rule, context.Device.Id, state.Latch, perUnit, reading.Timestamp, rate.Op, rate.Value, rate.ClearValue, rate.Sustain,
                             rate.AlertMetric, raised, cleared);
                    }

                    break;
                case GeofenceCondition fence:
                    Geofence(rule, fence, reading, context, raised, cleared);
                    break;
                case CorrelationCondition correlation:
                    Correlate(rule, correlation, reading, context, raised);
                    break;
            }

            if (!scheduled && raised.Count > before)
            {
                raised.RemoveRange(before, raised.Count - before);
            }
        }
    }

    /// <summary>Drops the memory of rules no longer in force, so replaced and deleted rules start afresh.</summary>
    public void Forget(IReadOnlyCollection<Rule> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var live = new HashSet<Rule>(current, ReferenceEqualityComparer.Instance);
        foreach (var key in _states.Where(s => !live.Contains(s.Value.Rule)).Select(s => s.Key).ToList())
        {
            _states.Remove(key);
        }
    }

    /// <summary>The subject key of a correlation alert: its grid cell, or its site outside the grid.</summary>
    public static string CorrelationSubject(ReadingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CellId is { } cell ? "cell:" + cell : "site:" + context.Device.SiteId;
    }

    // Indexed rather than foreach: over the IReadOnlyList interface a foreach boxes an enumerator, and this runs for
    // every rule on every reading.
    private static double? Value(Reading reading, string metric)
    {
        var values = reading.Values;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Name == metric)
            {
                return values[i].Value;
            }
        }

        return null;
    }

    private static void Step(
        Rule rule, string subject, Latch latch, double value, DateTimeOffset at, ComparisonOp op, double limit, double? clearValue,
        Sustain? sustain, string metric, List<RuleMatch> raised, List<RuleCleared> cleared)
    {
        switch (latch.Step(value, at, op, limit, clearValue, sustain))
        {
            case LatchStep.Breach:
                raised.Add(new RuleMatch(rule, metric, value)
                {
                    Subject = subject,
                    Message = rule.Message ?? AlertText.Breach(rule.Name, metric, value, op, limit, subject),
                });
                break;
            case LatchStep.Clear:
                cleared.Add(new RuleCleared(rule, subject, AlertText.Cleared(metric, value, clearValue ?? limit)));
                break;
        }
    }

    private void Geofence(Rule rule, GeofenceCondition fence, Reading reading, ReadingContext context, List<RuleMatch> raised, List<RuleCleared> cleared)
    {
        if (!context.Device.IsMobile || reading.Lat is null || reading.Lon is null ||
            (fence.MaxHdop is { } maxHdop && Value(reading, GeofenceCondition.HdopMetric) > maxHdop) ||
            (fence.MaxAccuracyM is { } maxAccuracy && Value(reading, GeofenceCondition.AccuracyMetric) > maxAccuracy))
        {
            return; // No position, or one too poor to judge a boundary with.
        }

        var subject = context.Device.Id;
        var state = State(rule, subject);
        var tracker = state.Fence ??= new GeofenceTracker();
        tracker.Step(fence.Targets.Covers(context.Location), reading.Timestamp, fence.Debounce);
        var dwelt = tracker.Inside == true ? reading.Timestamp - tracker.InsideSince : TimeSpan.Zero;
        var breach = fence.Event switch
        {
            GeofenceEvent.Enter => tracker.Inside == true,
            GeofenceEvent.Exit => tracker.Inside == false && tracker.WasInside,
            _ => tracker.Inside == true && dwelt >= fence.Dwell,
        };

        if (breach)
        {
            state.FenceRaised = true;
            var value = fence.Event == GeofenceEvent.Dwell ? Math.Round(dwelt.TotalSeconds) : (tracker.Inside == true ? 1 : 0);
            raised.Add(new RuleMatch(rule, fence.AlertMetric, value)
            {
                Subject = subject,
                Message = rule.Message ?? fence.Event switch
                {
                    GeofenceEvent.Enter => $"{rule.Name}: {subject} inside {Where(context)}",
                    GeofenceEvent.Exit => $"{rule.Name}: {subject} left the fenced area",
                    _ => string.Create(CultureInfo.InvariantCulture, $"{rule.Name}: {subject} inside {Where(context)} for {dwelt.TotalMinutes:0} min"),
                },
            });
        }
        else if (tracker.Inside is not null && (state.FenceRaised || !state.FenceSettled))
        {
            // Also on the first confirmed side after a restart, when an alert may still be open in the store.
            state.FenceRaised = false;
            cleared.Add(new RuleCleared(rule, subject, fence.Event == GeofenceEvent.Exit ? "back inside" : "left the fenced area"));
        }

        state.FenceSettled |= tracker.Inside is not null;
    }

    private void Correlate(Rule rule, CorrelationCondition correlation, Reading reading, ReadingContext context, List<RuleMatch> raised)
    {
        SubjectState? state = null;
        string? subject = null; // Named only when a signal holds: most readings hold none.
        for (var i = 0; i < correlation.Signals.Count; i++)
        {
            var signal = correlation.Signals[i];
            if (Value(reading, signal.Metric) is { } value && signal.Op.Holds(value, signal.Value))
            {
                state ??= State(rule, subject ??= CorrelationSubject(context));
                (state.Correlation ??= new CorrelationTracker()).Hit(signal.Name, reading.Timestamp);
            }
        }

        if (state?.Correlation is not { } tracker)
        {
            return;
        }

        var within = tracker.Within(correlation, reading.Timestamp);
        var confirmed = within.Count >= correlation.MinModalities;
        if (!confirmed && correlation.VerifySeverity is null)
        {
            return;
        }

        var where = context.CellId ?? context.Device.SiteId;
        raised.Add(new RuleMatch(rule, correlation.AlertMetric, within.Count)
        {
            Subject = subject,
            Severity = confirmed ? rule.Severity : correlation.VerifySeverity!.Value,
            Message = confirmed
                ? rule.Message ?? string.Create(
                    CultureInfo.InvariantCulture,
                    $"{rule.Name}: {string.Join(" + ", within)} within {correlation.Window.TotalSeconds:0} s in {where} ({context.Device.Id})")
                : $"{rule.Name} (verify): {string.Join(", ", within)} only, in {where} ({context.Device.Id})",
        });
    }

    private static string Where(ReadingContext context) =>
        context.Location.Zones.Count > 0 ? string.Join(", ", context.Location.Zones.Select(z => z.Name)) : context.CellId ?? "the fenced area";

    private SubjectState State(Rule rule, string subject)
    {
        var key = (rule.Id, subject);
        if (!_states.TryGetValue(key, out var state) || !ReferenceEquals(state.Rule, rule))
        {
            state = new SubjectState(rule);
            _states[key] = state;
        }

        return state;
    }

    private sealed class SubjectState(Rule rule)
    {
        public Rule Rule { get; } = rule;

        public Latch Latch { get; } = new();

        public RateTracker? Rate { get; set; }

        public GeofenceTracker? Fence { get; set; }

        public bool FenceRaised { get; set; }

        public bool FenceSettled { get; set; }

        public CorrelationTracker? Correlation { get; set; }
    }
}
