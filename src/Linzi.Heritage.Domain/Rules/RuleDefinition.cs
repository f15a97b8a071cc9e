using System.Text.Json.Serialization;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// A rule as JSON carries it (the API, the demo data file, the store). Every field is optional here so that
/// <see cref="RuleDefinitionMapper"/> can name exactly what is missing or wrong.
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

    /// <summary>The threshold.</summary>
    [JsonPropertyName("condition")] public ConditionDefinition? Condition { get; init; }

    /// <summary>Defaults to true.</summary>
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }

    /// <summary>Optional alert text.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }
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
}

/// <summary>JSON form of <see cref="ThresholdCondition"/>.</summary>
public sealed record ConditionDefinition
{
    /// <summary>Metric name, such as <c>ppv_mm_s</c>.</summary>
    [JsonPropertyName("metric")] public string? Metric { get; init; }

    /// <summary><c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c> or <c>&lt;=</c>.</summary>
    [JsonPropertyName("op")] public string? Op { get; init; }

    /// <summary>The threshold, in the metric's unit.</summary>
    [JsonPropertyName("value")] public double? Value { get; init; }
}
