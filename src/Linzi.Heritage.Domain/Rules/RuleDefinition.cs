using System.Text.Json.Serialization;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// A rule as JSON carries it (the API, the demo data file, the store). Every field is optional here so that
/// <see cref="RuleDefinitionMapper"/> can name exactly what is missing or wrong. Absent fields are left out when
/// written.
/// </summary>
public sealed record RuleDefinition
{
    /// <summary>Rule id.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>Display name.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary><c>blue</c>, <c>yellow</c>, <c>orange</c> or <c>red</c>.</summary>
    [JsonPropertyName("severity")] public string? Severity { get; init; }

    /// <summary>Which readings the rule covers.</summary>
    [JsonPropertyName("scope")] public ScopeDefinition? Scope { get; init; }

    /// <summary>What the rule watches.</summary>
    [JsonPropertyName("condition")] public ConditionDefinition? Condition { get; init; }

    /// <summary>When the rule may raise; absent for always.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("schedule")] public ScheduleDefinition? Schedule { get; init; }

    /// <summary>Defaults to true.</summary>
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }

    /// <summary>Resolve by itself once the condition passes back; defaults to true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("autoClear")] public bool? AutoClear { get; init; }

    /// <summary>Optional alert text.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("message")] public string? Message { get; init; }

    /// <summary>Where the limit comes from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("source")] public string? Source { get; init; }
}

/// <summary>JSON form of <see cref="RuleScope"/>.</summary>
public sealed record ScopeDefinition
{
    /// <summary>Site ids; empty for all.</summary>
    [JsonPropertyName("siteIds")] public IReadOnlyList<string>? SiteIds { get; init; }

    /// <summary><c>protection</c> and/or <c>construction_control</c>; empty for anywhere.</summary>
    [JsonPropertyName("zoneKinds")] public IReadOnlyList<string>? ZoneKinds { get; init; }

    /// <summary>Grid cell ids; empty for all.</summary>
    [JsonPropertyName("cellIds")] public IReadOnlyList<string>? CellIds { get; init; }

    /// <summary>Device kinds; empty for all.</summary>
    [JsonPropertyName("deviceKinds")] public IReadOnlyList<string>? DeviceKinds { get; init; }

    /// <summary>Device ids; empty for all.</summary>
    [JsonPropertyName("deviceIds")] public IReadOnlyList<string>? DeviceIds { get; init; }

    /// <summary><c>national</c>, <c>provincial</c>, <c>municipal</c>, <c>county</c>; empty for all.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("protectionLevels")] public IReadOnlyList<string>? ProtectionLevels { get; init; }

    /// <summary>Within a distance of a geometry.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("near")] public NearDefinition? Near { get; init; }
}

/// <summary>JSON form of <see cref="DistanceScope"/>.</summary>
public sealed record NearDefinition
{
    /// <summary>WGS84 WKT (lon lat order), such as a city-wall line.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("wkt")] public string? Wkt { get; init; }

    /// <summary>Distance in metres.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("metres")] public double? Metres { get; init; }
}

/// <summary>JSON form of <see cref="Schedule"/>.</summary>
public sealed record ScheduleDefinition
{
    /// <summary>IANA time zone; <c>Asia/Shanghai</c> by default.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("timeZone")] public string? TimeZone { get; init; }

    /// <summary>Daily windows such as <c>{"from":"20:00","to":"06:00"}</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("windows")] public IReadOnlyList<WindowDefinition>? Windows { get; init; }

    /// <summary><c>mon</c>…<c>sun</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("weekdays")] public IReadOnlyList<string>? Weekdays { get; init; }

    /// <summary>First date, <c>yyyy-MM-dd</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("from")] public string? From { get; init; }

    /// <summary>Last date, <c>yyyy-MM-dd</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("to")] public string? To { get; init; }
}

/// <summary>A daily window, <c>HH:mm</c> to <c>HH:mm</c>.</summary>
public sealed record WindowDefinition
{
    /// <summary>Start, local time.</summary>
    [JsonPropertyName("from")] public string? From { get; init; }

    /// <summary>End (exclusive), local time; earlier than <c>from</c> to cross midnight.</summary>
    [JsonPropertyName("to")] public string? To { get; init; }
}

/// <summary>
/// JSON form of a condition. <c>kind</c> chooses which fields apply; it defaults to <c>threshold</c>, so the
/// contract's minimal rule needs none.
/// </summary>
public sealed record ConditionDefinition
{
    /// <summary><c>threshold</c>, <c>rate_of_change</c>, <c>no_data</c>, <c>geofence</c> or <c>correlation</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("kind")] public string? Kind { get; init; }

    /// <summary>Metric name, such as <c>ppv_mm_s</c> (threshold, rate_of_change).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("metric")] public string? Metric { get; init; }

    /// <summary><c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("op")] public string? Op { get; init; }

    /// <summary>The limit, in the metric's unit (a rate: unit per <c>per</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("value")] public double? Value { get; init; }

    /// <summary>Hysteresis: clear only once the value passes beyond this.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("clearValue")] public double? ClearValue { get; init; }

    /// <summary>The condition must hold this long before raising.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("sustainSeconds")] public double? SustainSeconds { get; init; }

    /// <summary>The condition must hold for this many consecutive readings before raising.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("sustainReadings")] public int? SustainReadings { get; init; }

    /// <summary>rate_of_change: <c>minute</c> or <c>hour</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("per")] public string? Per { get; init; }

    /// <summary>rate_of_change: the window the change is measured across; correlation: the coincidence window.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("windowSeconds")] public double? WindowSeconds { get; init; }

    /// <summary>rate_of_change: moving average over this many readings.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("averageOver")] public int? AverageOver { get; init; }

    /// <summary>no_data: silence longer than this raises.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("afterSeconds")] public double? AfterSeconds { get; init; }

    /// <summary>no_data: the severity when silence may be tampering.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("tamperSeverity")] public string? TamperSeverity { get; init; }

    /// <summary>no_data: when silence is suspicious anywhere (usually the night).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("tamperWindow")] public ScheduleDefinition? TamperWindow { get; init; }

    /// <summary>no_data: silence in a high-risk cell is suspicious at any hour (default true).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("tamperInHighRiskCells")] public bool? TamperInHighRiskCells { get; init; }

    /// <summary>no_data: silence inside a protection zone is suspicious at any hour (default true).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("tamperInProtectionZones")] public bool? TamperInProtectionZones { get; init; }

    /// <summary>geofence: <c>enter</c>, <c>exit</c> or <c>dwell</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("event")] public string? Event { get; init; }

    /// <summary>geofence: target zone ids.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("zoneIds")] public IReadOnlyList<string>? ZoneIds { get; init; }

    /// <summary>geofence: target zone kinds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("zoneKinds")] public IReadOnlyList<string>? ZoneKinds { get; init; }

    /// <summary>geofence: the zone kinds' sites.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("siteIds")] public IReadOnlyList<string>? SiteIds { get; init; }

    /// <summary>geofence: target grid cells.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("cellIds")] public IReadOnlyList<string>? CellIds { get; init; }

    /// <summary>geofence dwell: time inside before raising.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("dwellSeconds")] public double? DwellSeconds { get; init; }

    /// <summary>geofence: time on the new side before a crossing counts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("debounceSeconds")] public double? DebounceSeconds { get; init; }

    /// <summary>geofence: ignore fixes whose <c>hdop</c> is larger.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("maxHdop")] public double? MaxHdop { get; init; }

    /// <summary>geofence: ignore fixes whose <c>accuracy_m</c> is larger.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("maxAccuracyM")] public double? MaxAccuracyM { get; init; }

    /// <summary>correlation: the modalities.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("signals")] public IReadOnlyList<SignalDefinition>? Signals { get; init; }

    /// <summary>correlation: how many different signals confirm (default 2).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("minModalities")] public int? MinModalities { get; init; }

    /// <summary>correlation: severity of a single-modality "verify" alert (default yellow; <c>none</c> for no alert).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][JsonPropertyName("verifySeverity")] public string? VerifySeverity { get; init; }
}

/// <summary>JSON form of <see cref="Conditions.CorrelationSignal"/>.</summary>
public sealed record SignalDefinition
{
    /// <summary>Modality name, such as <c>ground_sound</c>; defaults to the metric.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>Metric.</summary>
    [JsonPropertyName("metric")] public string? Metric { get; init; }

    /// <summary>Operator.</summary>
    [JsonPropertyName("op")] public string? Op { get; init; }

    /// <summary>Limit.</summary>
    [JsonPropertyName("value")] public double? Value { get; init; }
}
