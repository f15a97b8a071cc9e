using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>Which readings a rule looks at. An empty list means "any". Immutable.</summary>
public sealed record RuleScope(
    IReadOnlyList<string> SiteIds,
    IReadOnlyList<ZoneKind> ZoneKinds,
    IReadOnlyList<string> CellIds,
    IReadOnlyList<string> DeviceKinds,
    IReadOnlyList<string>? DeviceIds = null)
{
    /// <summary>A scope that matches every reading.</summary>
    public static readonly RuleScope Everything = new([], [], [], []);

    /// <summary>Device ids; empty for all.</summary>
    public IReadOnlyList<string> DeviceIds { get; init; } = DeviceIds ?? [];
}

/// <summary>A threshold on one metric: raise when <c>value op Value</c>.</summary>
public sealed record ThresholdCondition(string Metric, ComparisonOp Op, double Value);

/// <summary>A geofenced alerting rule. Immutable and thread-safe.</summary>
/// <param name="Id">Stable id, such as <c>hp-vibration</c>.</param>
/// <param name="Name">Display name, usually Chinese (殉马坑振动).</param>
/// <param name="Severity">The alert colour the rule raises.</param>
/// <param name="Scope">Which sites, zone kinds, cells and device kinds it covers.</param>
/// <param name="Condition">The threshold.</param>
/// <param name="Enabled">Disabled rules are kept but never evaluated.</param>
/// <param name="Message">Optional alert text; a default is derived from the condition.</param>
public sealed record Rule(
    string Id,
    string Name,
    Severity Severity,
    RuleScope Scope,
    ThresholdCondition Condition,
    bool Enabled = true,
    string? Message = null);
