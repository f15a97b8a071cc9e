using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// Turns a <see cref="RuleDefinition"/> into a <see cref="Rule"/>, collecting every problem keyed by the JSON path
/// of the field (<c>condition.op</c>), and back. Pure and thread-safe.
/// </summary>
public static class RuleDefinitionMapper
{
    /// <summary>Validates and maps a definition, checking only site ids; <paramref name="errors"/> is empty on success.</summary>
    public static Rule? TryMap(RuleDefinition? definition, IReadOnlySet<string> knownSiteIds, out Dictionary<string, string[]> errors) =>
        TryMap(definition, new RegistryNames(knownSiteIds), out errors);

    /// <summary>Validates and maps a definition; <paramref name="errors"/> is empty on success.</summary>
    /// <param name="definition">The rule as received.</param>
    /// <param name="names">Ids that exist, so a typo is caught instead of silently matching nothing.</param>
    /// <param name="errors">Problems by field path.</param>
    public static Rule? TryMap(RuleDefinition? definition, RegistryNames names, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(names);
        var problems = new ValidationErrors();
        errors = problems.ByField;
        if (definition is null)
        {
            problems.Add("body", "A rule object is required.");
            return null;
        }

        if (definition.Id is null || !MetricName.IsValidId(definition.Id))
        {
            problems.Add("id", "Required: 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit.");
        }

        if (string.IsNullOrWhiteSpace(definition.Name) || definition.Name.Length > 200)
        {
            problems.Add("name", "Required, at most 200 characters.");
        }

        if (!SeverityNames.TryParse(definition.Severity, out var severity))
        {
            problems.Add("severity", "Must be one of: blue, yellow, orange, red.");
        }

        if (definition.Source is { Length: > 500 })
        {
            problems.Add("source", "At most 500 characters.");
        }

        var scope = Scope(definition.Scope ?? new ScopeDefinition(), names, problems);
        var condition = ConditionMapper.TryMap(definition.Condition, names, problems);
        if (condition is GeofenceCondition && scope is { IsLocational: true })
        {
            problems.Add("scope", "A geofence rule names its zones and cells in the condition; its scope only chooses the trackers (sites, device kinds or ids).");
        }

        var schedule = ScheduleMapper.TryMap(definition.Schedule, "schedule", problems);
        if (!problems.IsEmpty)
        {
            return null;
        }

        return new Rule(definition.Id!, definition.Name!, severity, scope!, condition!, definition.Enabled ?? true, definition.Message)
        {
            Schedule = schedule,
            Source = definition.Source,
            AutoClear = definition.AutoClear ?? true,
        };
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
                ProtectionLevels = rule.Scope.ProtectionLevels.Count == 0 ? null : [.. rule.Scope.ProtectionLevels.Select(l => l.ToWire())],
                Near = rule.Scope.Near is { } near ? new NearDefinition { Wkt = Wkt.Write(near.Geometry), Metres = near.Metres } : null,
            },
            Condition = ConditionMapper.ToDefinition(rule.Condition),
            Schedule = ScheduleMapper.ToDefinition(rule.Schedule),
            Enabled = rule.Enabled,
            AutoClear = rule.AutoClear ? null : false,
            Message = rule.Message,
            Source = rule.Source,
        };
    }

    /// <summary>Parses zone kinds, naming each unknown one.</summary>
    internal static List<ZoneKind> ZoneKinds(IReadOnlyList<string>? kinds, string field, ValidationErrors errors)
    {
        var parsed = new List<ZoneKind>();
        foreach (var kind in kinds ?? [])
        {
            if (ZoneKindNames.TryParse(kind, out var zoneKind))
            {
                parsed.Add(zoneKind);
            }
            else
            {
                errors.Add(field, $"Unknown zone kind '{kind}': use protection or construction_control.");
            }
        }

        return parsed;
    }

    /// <summary>Names every id that is not in <paramref name="known"/> (when it is checked).</summary>
    internal static void CheckKnown(IReadOnlyList<string>? ids, IReadOnlySet<string>? known, string field, string what, ValidationErrors errors)
    {
        foreach (var id in ids ?? [])
        {
            if (known is not null && !known.Contains(id))
            {
                errors.Add(field, $"Unknown {what} '{id}'.");
            }
        }
    }

    private static RuleScope? Scope(ScopeDefinition scope, RegistryNames names, ValidationErrors errors)
    {
        var zoneKinds = ZoneKinds(scope.ZoneKinds, "scope.zoneKinds", errors);
        CheckKnown(scope.SiteIds, names.SiteIds, "scope.siteIds", "site", errors);
        CheckKnown(scope.CellIds, names.CellIds, "scope.cellIds", "cell", errors);
        var levels = new List<ProtectionLevel>();
        foreach (var level in scope.ProtectionLevels ?? [])
        {
            if (ProtectionLevelNames.TryParse(level, out var parsed))
            {
                levels.Add(parsed);
            }
            else
            {
                errors.Add("scope.protectionLevels", $"Unknown protection level '{level}': use national, provincial, municipal or county.");
            }
        }

        DistanceScope? near = null;
        if (scope.Near is { } n)
        {
            if (n.Metres is not { } metres || !double.IsFinite(metres) || metres < 0 || metres > 100_000)
            {
                errors.Add("scope.near.metres", "Required: a distance in metres from 0 to 100000.");
            }
            else
            {
                try
                {
                    near = new DistanceScope(Wkt.Parse(n.Wkt ?? ""), metres);
                }
                catch (FormatException ex)
                {
                    errors.Add("scope.near.wkt", $"Required: WGS84 WKT in lon lat order. {ex.Message}");
                }
            }
        }

        return new RuleScope([.. scope.SiteIds ?? []], zoneKinds, [.. scope.CellIds ?? []], [.. scope.DeviceKinds ?? []], [.. scope.DeviceIds ?? []])
        {
            ProtectionLevels = levels,
            Near = near,
        };
    }
}
