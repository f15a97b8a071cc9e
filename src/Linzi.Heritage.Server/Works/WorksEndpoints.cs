using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Works;

/// <summary>
/// <c>/api/permits</c> (approved works; the bureau writes) and <c>/api/maintenance</c> (maintenance windows;
/// maintenance staff and the bureau write). Any signed-in user reads, with whether each is in force and how many
/// alerts it suppressed. Every change is audited; entries are kept after they expire.
/// </summary>
public static class WorksEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapWorksApi(this IEndpointRouteBuilder app)
    {
        var permits = app.MapGroup("/api/permits").RequireAuthorization(Policies.SignedIn);
        permits.MapGet("/", (WorksHolder works, IWorksStore store, TimeProvider time) =>
            TypedResults.Ok(works.Current.Permits.Select(p => PermitView.From(p, store, time.GetUtcNow()))));
        permits.MapPost("/", PutPermit).RequireAuthorization(Policies.Bureau);
        permits.MapPut("/{id}", (string id, PermitDefinition? body, WorksHolder works, IWorksStore store, ChangeAudit audit, TimeProvider time, HttpContext http) =>
            PutPermit(body is null ? null : body with { Id = id }, works, store, audit, time, http)).RequireAuthorization(Policies.Bureau);
        permits.MapDelete("/{id}", (string id, WorksHolder works, IWorksStore store, ChangeAudit audit, HttpContext http) =>
            Delete("permit", id, works, store, audit, http, works.Current.Permits.FirstOrDefault(p => p.Id == id) is { } p ? WorksMapper.ToDefinition(p) : null))
            .RequireAuthorization(Policies.Bureau);

        var maintenance = app.MapGroup("/api/maintenance").RequireAuthorization(Policies.SignedIn);
        maintenance.MapGet("/", (WorksHolder works, IWorksStore store, TimeProvider time) =>
            TypedResults.Ok(works.Current.Maintenance.Select(m => MaintenanceView.From(m, store, time.GetUtcNow()))));
        maintenance.MapPost("/", PutMaintenance).RequireAuthorization(Policies.Provisioning);
        maintenance.MapPut("/{id}", (string id, MaintenanceDefinition? body, WorksHolder works, RegistryHolder registry, IWorksStore store, ChangeAudit audit, TimeProvider time, HttpContext http) =>
            PutMaintenance(body is null ? null : body with { Id = id }, works, registry, store, audit, time, http)).RequireAuthorization(Policies.Provisioning);
        maintenance.MapDelete("/{id}", (string id, WorksHolder works, IWorksStore store, ChangeAudit audit, HttpContext http) =>
            Delete("maintenance", id, works, store, audit, http, works.Current.Maintenance.FirstOrDefault(m => m.Id == id) is { } m ? WorksMapper.ToDefinition(m) : null))
            .RequireAuthorization(Policies.Provisioning);
        return app;
    }

    private static Results<Ok<PermitDefinition>, ValidationProblem> PutPermit(
        PermitDefinition? body, WorksHolder works, IWorksStore store, ChangeAudit audit, TimeProvider time, HttpContext http)
    {
        var old = works.Current.Permits.FirstOrDefault(p => p.Id == body?.Id);
        var permit = WorksMapper.TryMap(body, old?.CreatedBy ?? User(http), old?.CreatedAt ?? time.GetUtcNow(), out var errors);
        if (permit is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        store.Save(permit);
        works.Update(w => w.With(permit));
        var saved = WorksMapper.ToDefinition(permit);
        audit.Record("permit", permit.Id, old is null ? "created" : "replaced", http, old is null ? null : WorksMapper.ToDefinition(old), saved);
        return TypedResults.Ok(saved);
    }

    private static Results<Ok<MaintenanceDefinition>, ValidationProblem> PutMaintenance(
        MaintenanceDefinition? body, WorksHolder works, RegistryHolder registry, IWorksStore store, ChangeAudit audit, TimeProvider time, HttpContext http)
    {
        var old = works.Current.Maintenance.FirstOrDefault(m => m.Id == body?.Id);
        var window = WorksMapper.TryMap(body, registry.Current, old?.CreatedBy ?? User(http), old?.CreatedAt ?? time.GetUtcNow(), out var errors);
        if (window is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        store.Save(window);
        works.Update(w => w.With(window));
        var saved = WorksMapper.ToDefinition(window);
        audit.Record("maintenance", window.Id, old is null ? "created" : "replaced", http, old is null ? null : WorksMapper.ToDefinition(old), saved);
        return TypedResults.Ok(saved);
    }

    private static Results<NoContent, NotFound> Delete(
        string entity, string id, WorksHolder works, IWorksStore store, ChangeAudit audit, HttpContext http, object? old)
    {
        if (old is null || !store.Delete(id))
        {
            return TypedResults.NotFound();
        }

        works.Update(w => w.Without(id));
        audit.Record(entity, id, "deleted", http, old, null);
        return TypedResults.NoContent();
    }

    private static string User(HttpContext http) => http.User.Identity?.Name ?? "?";
}

/// <summary>A permit on the wire, with whether it is in force and what it suppressed.</summary>
public sealed record PermitView(PermitDefinition Permit, bool InForce, bool Expired, long SuppressedAlerts, DateTimeOffset? LastSuppressedAt)
{
    /// <summary>Builds the view.</summary>
    public static PermitView From(Permit permit, IWorksStore store, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(permit);
        ArgumentNullException.ThrowIfNull(store);
        var (count, last) = store.Hits(permit.Id);
        return new PermitView(WorksMapper.ToDefinition(permit), permit.InForce(now), now >= permit.To, count, last);
    }
}

/// <summary>A maintenance window on the wire, with whether it is in force and what it suppressed.</summary>
public sealed record MaintenanceView(MaintenanceDefinition Window, bool InForce, bool Expired, long SuppressedAlerts, DateTimeOffset? LastSuppressedAt)
{
    /// <summary>Builds the view.</summary>
    public static MaintenanceView From(MaintenanceWindow window, IWorksStore store, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(store);
        var (count, last) = store.Hits(window.Id);
        return new MaintenanceView(WorksMapper.ToDefinition(window), window.InForce(now), now >= window.To, count, last);
    }
}
