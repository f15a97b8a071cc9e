using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>Maps <see cref="ConditionDefinition"/> to the condition records and back, naming bad fields. Pure.</summary>
public static class ConditionMapper
{
    /// <summary>The condition kinds the API accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["threshold", "rate_of_change", "no_data", "geofence", "correlation"];

    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    /// <summary>Validates and maps a condition; null when wrong (with errors added).</summary>
    public static RuleCondition? TryMap(ConditionDefinition? condition, RegistryNames names, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(errors);
        if (condition is null)
        {
            errors.Add("condition", "Required, such as {\"metric\":\"ppv_mm_s\",\"op\":\">\",\"value\":0.25}.");
            return null;
        }

        var before = errors.ByField.Count;
        RuleCondition? mapped = (condition.Kind ?? "threshold") switch
        {
            "threshold" => Threshold(condition, errors),
            "rate_of_change" => Rate(condition, errors),
            "no_data" => NoData(condition, errors),
            "geofence" => Geofence(condition, names, errors),
            "correlation" => Correlation(condition, errors),
            _ => null,
        };
        if (mapped is null && errors.ByField.Count == before)
        {
            errors.Add("condition.kind", $"Must be one of: {string.Join(", ", Kinds)}.");
        }

        return errors.ByField.Count > before ? null : mapped;
    }

    /// <summary>The JSON form of a condition.</summary>
    public static ConditionDefinition ToDefinition(RuleCondition condition) => condition switch
    {
        ThresholdCondition t => new ConditionDefinition
        {
            Metric = t.Metric, Op = t.Op.ToWire(), Value = t.Value, ClearValue = t.ClearValue,
            SustainSeconds = t.Sustain?.For?.TotalSeconds, SustainReadings = t.Sustain?.Readings,
        },
        RateOfChangeCondition r => new ConditionDefinition
        {
            Kind = r.Kind, Metric = r.Metric, Op = r.Op.ToWire(), Value = r.Value, Per = WireName.Of(r.Per),
            WindowSeconds = r.Window.TotalSeconds, AverageOver = r.AverageOver, ClearValue = r.ClearValue,
            SustainSeconds = r.Sustain?.For?.TotalSeconds, SustainReadings = r.Sustain?.Readings,
        },
        NoDataCondition n => new ConditionDefinition
        {
            Kind = n.Kind, AfterSeconds = n.After.TotalSeconds, TamperSeverity = n.TamperSeverity?.ToWire(),
            TamperWindow = ScheduleMapper.ToDefinition(n.TamperWindow), TamperInHighRiskCells = n.TamperInHighRiskCells,
            TamperInProtectionZones = n.TamperInProtectionZones,
        },
        GeofenceCondition g => new ConditionDefinition
        {
            Kind = g.Kind, Event = WireName.Of(g.Event), ZoneIds = g.Targets.ZoneIds,
            ZoneKinds = [.. g.Targets.ZoneKinds.Select(k => k.ToWire())], SiteIds = g.Targets.SiteIds, CellIds = g.Targets.CellIds,
            DwellSeconds = g.Event == GeofenceEvent.Dwell ? g.Dwell.TotalSeconds : null, DebounceSeconds = g.Debounce.TotalSeconds,
            MaxHdop = g.MaxHdop, MaxAccuracyM = g.MaxAccuracyM,
        },
        CorrelationCondition c => new ConditionDefinition
        {
            Kind = c.Kind, WindowSeconds = c.Window.TotalSeconds, MinModalities = c.MinModalities,
            VerifySeverity = c.VerifySeverity?.ToWire() ?? "none",
            Signals = [.. c.Signals.Select(s => new SignalDefinition { Name = s.Name, Metric = s.Metric, Op = s.Op.ToWire(), Value = s.Value })],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(condition)),
    };

    private static ThresholdCondition Threshold(ConditionDefinition c, ValidationErrors errors)
    {
        var (metric, op, value) = Comparison(c.Metric, c.Op, c.Value, "condition", errors);
        return new ThresholdCondition(metric, op, value) { ClearValue = ClearValue(c, op, value, errors), Sustain = Sustain(c, errors) };
    }

    private static RateOfChangeCondition Rate(ConditionDefinition c, ValidationErrors errors)
    {
        var (metric, op, value) = Comparison(c.Metric, c.Op, c.Value, "condition", errors);
        var per = WireName.TryParse<RatePer>(c.Per, out var parsedPer)
            ? parsedPer
            : Invalid(errors, "condition.per", "Required: minute or hour.", RatePer.Minute);
        var window = Required(errors, "condition.windowSeconds", c.WindowSeconds, MaxDuration, "Required: the window the change is measured across.");
        if (c.AverageOver is < 1 or > 1000)
        {
            errors.Add("condition.averageOver", "Must be from 1 to 1000 readings.");
        }

        return new RateOfChangeCondition(metric, op, value, per, window)
        {
            AverageOver = c.AverageOver ?? 1, ClearValue = ClearValue(c, op, value, errors), Sustain = Sustain(c, errors),
        };
    }

    private static NoDataCondition NoData(ConditionDefinition c, ValidationErrors errors)
    {
        var after = Required(errors, "condition.afterSeconds", c.AfterSeconds, MaxDuration, "Required: how long a silence raises.");
        Severity? tamper = null;
        if (c.TamperSeverity is not null)
        {
            tamper = SeverityNames.TryParse(c.TamperSeverity, out var s) ? s : Invalid<Severity?>(errors, "condition.tamperSeverity", "Must be one of: blue, yellow, orange, red.", null);
        }

        return new NoDataCondition(after)
        {
            TamperSeverity = tamper,
            TamperWindow = ScheduleMapper.TryMap(c.TamperWindow, "condition.tamperWindow", errors),
            TamperInHighRiskCells = c.TamperInHighRiskCells ?? true,
            TamperInProtectionZones = c.TamperInProtectionZones ?? true,
        };
    }

    private static GeofenceCondition Geofence(ConditionDefinition c, RegistryNames names, ValidationErrors errors)
    {
        var fenceEvent = WireName.TryParse<GeofenceEvent>(c.Event, out var parsedEvent)
            ? parsedEvent
            : Invalid(errors, "condition.event", "Required: enter, exit or dwell.", GeofenceEvent.Enter);
        var zoneKinds = RuleDefinitionMapper.ZoneKinds(c.ZoneKinds, "condition.zoneKinds", errors);
        RuleDefinitionMapper.CheckKnown(c.ZoneIds, names.ZoneIds, "condition.zoneIds", "zone", errors);
        RuleDefinitionMapper.CheckKnown(c.SiteIds, names.SiteIds, "condition.siteIds", "site", errors);
        RuleDefinitionMapper.CheckKnown(c.CellIds, names.CellIds, "condition.cellIds", "cell", errors);
        if ((c.ZoneIds?.Count ?? 0) + zoneKinds.Count + (c.CellIds?.Count ?? 0) == 0 && !errors.ByField.ContainsKey("condition.zoneKinds"))
        {
            errors.Add("condition.zoneIds", "Name at least one target: zoneIds, zoneKinds or cellIds.");
        }

        var dwell = errors.Seconds("condition.dwellSeconds", c.DwellSeconds, MaxDuration);
        if (fenceEvent == GeofenceEvent.Dwell && dwell is null && !errors.ByField.ContainsKey("condition.dwellSeconds"))
        {
            errors.Add("condition.dwellSeconds", "Required for a dwell geofence.");
        }

        if (c.MaxHdop is <= 0 || c.MaxHdop is { } h && !double.IsFinite(h))
        {
            errors.Add("condition.maxHdop", "Must be a number above 0.");
        }

        if (c.MaxAccuracyM is <= 0 || c.MaxAccuracyM is { } a && !double.IsFinite(a))
        {
            errors.Add("condition.maxAccuracyM", "Must be a number of metres above 0.");
        }

        return new GeofenceCondition(fenceEvent, new GeofenceTargets([.. c.ZoneIds ?? []], zoneKinds, [.. c.SiteIds ?? []], [.. c.CellIds ?? []]))
        {
            Dwell = dwell ?? TimeSpan.Zero,
            Debounce = errors.Seconds("condition.debounceSeconds", c.DebounceSeconds, TimeSpan.FromHours(1), positive: false) ?? TimeSpan.Zero,
            MaxHdop = c.MaxHdop,
            MaxAccuracyM = c.MaxAccuracyM,
        };
    }

    private static CorrelationCondition Correlation(ConditionDefinition c, ValidationErrors errors)
    {
        var signals = new List<CorrelationSignal>();
        for (var i = 0; i < (c.Signals?.Count ?? 0); i++)
        {
            var s = c.Signals![i];
            var (metric, op, value) = Comparison(s.Metric, s.Op, s.Value, $"condition.signals[{i}]", errors);
            var name = s.Name ?? metric;
            if (!MetricName.IsValidId(name) || signals.Any(x => x.Name == name))
            {
                errors.Add($"condition.signals[{i}].name", "Must be a unique id of a-z, 0-9, '-' or '_' (defaults to the metric).");
            }

            signals.Add(new CorrelationSignal(name, metric, op, value));
        }

        var minModalities = c.MinModalities ?? 2;
        if (signals.Count < 2 || minModalities < 2 || minModalities > signals.Count)
        {
            errors.Add(signals.Count < 2 ? "condition.signals" : "condition.minModalities",
                "Needs at least 2 signals, and minModalities from 2 to the number of signals.");
        }

        var window = Required(errors, "condition.windowSeconds", c.WindowSeconds, TimeSpan.FromDays(1), "Required: the coincidence window.");
        Severity? verify = Severity.Yellow;
        if (c.VerifySeverity == "none")
        {
            verify = null;
        }
        else if (c.VerifySeverity is not null)
        {
            verify = SeverityNames.TryParse(c.VerifySeverity, out var s) ? s : Invalid<Severity?>(errors, "condition.verifySeverity", "Must be blue, yellow, orange, red or none.", null);
        }

        return new CorrelationCondition(signals, window) { MinModalities = minModalities, VerifySeverity = verify };
    }

    private static (string Metric, ComparisonOp Op, double Value) Comparison(string? metric, string? op, double? value, string prefix, ValidationErrors errors)
    {
        if (metric is null || !MetricName.IsValid(metric))
        {
            errors.Add($"{prefix}.metric", "Required: a metric name matching ^[a-z][a-z0-9_]{0,63}$.");
        }

        if (!ComparisonOps.TryParse(op, out var parsed))
        {
            errors.Add($"{prefix}.op", "Must be one of: >, >=, <, <=.");
        }

        return (metric ?? "", parsed, errors.Finite($"{prefix}.value", value));
    }

    private static double? ClearValue(ConditionDefinition c, ComparisonOp op, double value, ValidationErrors errors)
    {
        if (c.ClearValue is not { } clear)
        {
            return null;
        }

        var above = op is ComparisonOp.GreaterThan or ComparisonOp.GreaterOrEqual;
        if (!double.IsFinite(clear) || (above ? clear > value : clear < value))
        {
            errors.Add("condition.clearValue", above
                ? "Must be a number at or below value: the alert clears once the value falls beneath it."
                : "Must be a number at or above value: the alert clears once the value rises above it.");
        }

        return clear;
    }

    private static Sustain? Sustain(ConditionDefinition c, ValidationErrors errors)
    {
        var duration = errors.Seconds("condition.sustainSeconds", c.SustainSeconds, MaxDuration);
        if (c.SustainReadings is < 1 or > 100_000)
        {
            errors.Add("condition.sustainReadings", "Must be from 1 to 100000 readings.");
        }

        return duration is null && c.SustainReadings is null ? null : new Sustain(duration, c.SustainReadings);
    }

    private static TimeSpan Required(ValidationErrors errors, string field, double? seconds, TimeSpan max, string message) =>
        seconds is null ? Invalid(errors, field, message, TimeSpan.Zero) : errors.Seconds(field, seconds, max) ?? TimeSpan.Zero;

    private static T Invalid<T>(ValidationErrors errors, string field, string message, T fallback)
    {
        errors.Add(field, message);
        return fallback;
    }
}
