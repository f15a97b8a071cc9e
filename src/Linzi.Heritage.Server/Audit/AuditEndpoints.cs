using System.Text.Json;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Sqlite;

namespace Linzi.Heritage.Server.Audit;

/// <summary><c>GET /api/audit?entity=&amp;id=&amp;limit=</c>: the audit log, newest first, and <c>GET /api/audit/verify</c>: its chain and the alert chains checked (bureau).</summary>
public static class AuditEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", (IAuditLog log, string? entity, string? id, int? limit) =>
                TypedResults.Ok(log.Query(entity, id, Math.Clamp(limit ?? 100, 1, 1000)).Select(AuditEntryDto.From)))
            .RequireAuthorization(Policies.Bureau);
        app.MapGet("/api/audit/verify", (IAuditLog log, IAlertStore alerts, DataFiles files) =>
                TypedResults.Ok(new IntegrityReport(log.Verify(), alerts.VerifyChains(), files.IntegrityKey.Id)))
            .RequireAuthorization(Policies.Bureau);
        return app;
    }
}

/// <summary>
/// <c>GET /api/audit/verify</c>: the audit chain and every alert chain walked against the integrity key (named by its
/// fingerprint, never the key).
/// </summary>
public sealed record IntegrityReport(AuditVerification Audit, AlertChainsVerification Alerts, string KeyId)
{
    /// <summary>True when both are intact.</summary>
    public bool Intact => Audit.Intact && Alerts.Intact;
}

/// <summary>An audit entry on the wire, with the versions as JSON objects.</summary>
public sealed record AuditEntryDto(long Id, string Entity, string EntityId, string Action, string Actor, DateTimeOffset At, JsonElement? Before, JsonElement? After)
{
    /// <summary>Maps a stored entry.</summary>
    public static AuditEntryDto From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditEntryDto(entry.Id, entry.Entity, entry.EntityId, entry.Action, entry.Actor, entry.At.ToUniversalTime(), Parse(entry.Before), Parse(entry.After));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
