using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>A geofenced alerting rule. Immutable and thread-safe.</summary>
/// <param name="Id">Stable id, such as <c>hp-vibration</c>.</param>
/// <param name="Name">Display name, usually Chinese (殉马坑振动).</param>
/// <param name="Severity">The alert colour the rule raises.</param>
/// <param name="Scope">Which sites, zones, cells, devices and distances it covers.</param>
/// <param name="Condition">What it watches: a threshold, a rate, silence, a geofence or a correlation.</param>
/// <param name="Enabled">Disabled rules are kept but never evaluated.</param>
/// <param name="Message">Optional alert text; a default is derived from the condition.</param>
public sealed record Rule(
    string Id,
    string Name,
    Severity Severity,
    RuleScope Scope,
    RuleCondition Condition,
    bool Enabled = true,
    string? Message = null)
{
    /// <summary>When the rule may raise alerts; null for always.</summary>
    public Schedule? Schedule { get; init; }

    /// <summary>Where the limit comes from (a standard, a survey), for the bureau to check.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// True (the default) to resolve the alert by itself, with disposition <c>cleared</c>, once the condition has
    /// passed back (beyond <c>clearValue</c>, out of the zone, heard from again). False leaves it to a person.
    /// </summary>
    public bool AutoClear { get; init; } = true;
}
