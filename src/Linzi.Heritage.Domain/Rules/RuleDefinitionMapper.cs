using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// Turns a <see cref="RuleDefinition"/> into a <see cref="Rule"/>, collecting every problem keyed by the JSON path
/// of the field (<c>condition.op</c>), and back. Pure and thread-safe.
/// </summary>
public static class RuleDefinitionMapper
{
    /// <summary>Validates and maps a definition; <paramref name="errors"/> is empty on success.</summary>
    /// <param name="definition">The rule as received.</param>
    /// <param name="knownSiteIds">Site ids that exist, so a typo is caught instead of silently matching nothing.</param>
    /// <param name="errors">Problems by field path.</param>
    public static Rule? TryMap(RuleDefinition? definition, IReadOnlySet<string> knownSiteIds, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(knownSiteIds);
        errors = [];
        if (definition is null)
        {
            errors["body"] = ["A rule object is required."];
            return null;
        }

        var e = errors;
        void Add(string field, string message) => e[field] = [.. e.GetValueOrDefault(field, []), message];

        if (definition.Id is null || !MetricName.IsValidId(definition.Id))
        {
            Add("id", "Required: 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Length > 200)
        {
            Add("name", "Required, at most 200 characters.");
        }

        if (!SeverityNames.TryParse(definition.Severity, out var severity))
        {
            Add("severity", "Must be one of: blue, yellow, orange, red.");
        }

        var scope = definition.Scope ?? new ScopeDefinition();
        var zoneKinds = new List<ZoneKind>();
        foreach (var kind in scope.ZoneKinds ?? [])
        {
            if (ZoneKindNames.TryParse(kind, out var parsed))
            {
                zoneKinds.Add(parsed);
            }
            else
            {
                Add("scope.zoneKinds", $"Unknown zone kind '{kind}': use protection or construction_control.");
            }
        }

        foreach (var siteId in scope.SiteIds ?? [])
        {
            if (!knownSiteIds.Contains(siteId))
            {
                Add("scope.siteIds", $"Unknown site '{siteId}'.");
            }
        }

        var condition = definition.Condition;
        ComparisonOp op = default;
        if (condition is null)
        {
            Add("condition", "Required: {\"metric\",\"op\",\"value\"}.");
        }
        else
        {
            if (condition.Metric is null || !MetricName.IsValid(condition.Metric))
            {
                Add("condition.metric", "Required: a metric name matching ^[a-z][a-z0-9_]{0,63}$.");
            }

            if (!ComparisonOps.TryParse(condition.Op, out op))
            {
                Add("condition.op", "Must be one of: >, >=, <, <=.");
            }

            if (condition.Value is not { } v || !double.IsFinite(v))
            {
                Add("condition.value", "Required: a finite number.");
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new Rule(
            definition.Id!,
            definition.Name!,
            severity,
            new RuleScope([.. scope.SiteIds ?? []], zoneKinds, [.. scope.CellIds ?? []], [.. scope.DeviceKinds ?? []], [.. scope.DeviceIds ?? []]),
            new ThresholdCondition(condition!.Metric!, op, condition.Value!.Value),
            definition.Enabled ?? true,
            definition.Message);
    }

    /// <summary>The JSON form of a rule.</summary>
    public static RuleDefinition ToDefinition(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new RuleDefinition
        {
            Id = rule.Id,
            Name = rule.Name,
            Severity = rule.Severity.ToWire(),
            Scope = new ScopeDefinition
            {
                SiteIds = rule.Scope.SiteIds,
                ZoneKinds = [.. rule.Scope.ZoneKinds.Select(k => k.ToWire())],
                CellIds = rule.Scope.CellIds,
                DeviceKinds = rule.Scope.DeviceKinds,
                DeviceIds = rule.Scope.DeviceIds,
            },
            Condition = new ConditionDefinition
            {
                Metric = rule.Condition.Metric,
                Op = rule.Condition.Op.ToWire(),
                Value = rule.Condition.Value,
            },
            Enabled = rule.Enabled,
            Message = rule.Message,
        };
    }
}
