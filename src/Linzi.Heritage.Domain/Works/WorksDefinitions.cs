using System.Text.Json.Serialization;

namespace Linzi.Heritage.Domain.Works;

/// <summary>A permit as JSON carries it. Every field is optional here so the mapper can name what is missing.</summary>
public sealed record PermitDefinition
{
    /// <summary>Id; 1-64 of a-z, 0-9, '-' or '_'.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>The approval number (批准文号).</summary>
    [JsonPropertyName("approvalNumber")] public string? ApprovalNumber { get; init; }

    /// <summary>The contractor.</summary>
    [JsonPropertyName("contractor")] public string? Contractor { get; init; }

    /// <summary>WGS84 polygon WKT (lon lat order).</summary>
    [JsonPropertyName("wkt")] public string? Wkt { get; init; }

    /// <summary>Start, RFC 3339.</summary>
    [JsonPropertyName("from")] public DateTimeOffset? From { get; init; }

    /// <summary>End (exclusive), RFC 3339.</summary>
    [JsonPropertyName("to")] public DateTimeOffset? To { get; init; }

    /// <summary>Rules covered; empty or absent for all.</summary>
    [JsonPropertyName("ruleIds")] public IReadOnlyList<string>? RuleIds { get; init; }

    /// <summary>Set by the server.</summary>
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; init; }

    /// <summary>Set by the server.</summary>
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>A maintenance window as JSON carries it.</summary>
public sealed record MaintenanceDefinition
{
    /// <summary>Id; 1-64 of a-z, 0-9, '-' or '_'.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>The device, or absent for a whole site.</summary>
    [JsonPropertyName("deviceId")] public string? DeviceId { get; init; }

    /// <summary>The site, when no device is named.</summary>
    [JsonPropertyName("siteId")] public string? SiteId { get; init; }

    /// <summary>Start, RFC 3339.</summary>
    [JsonPropertyName("from")] public DateTimeOffset? From { get; init; }

    /// <summary>End (exclusive), RFC 3339.</summary>
    [JsonPropertyName("to")] public DateTimeOffset? To { get; init; }

    /// <summary>Why.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }

    /// <summary>Set by the server.</summary>
    [JsonPropertyName("createdBy")] public string? CreatedBy { get; init; }

    /// <summary>Set by the server.</summary>
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
}
