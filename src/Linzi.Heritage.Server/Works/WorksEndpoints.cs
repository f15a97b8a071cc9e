using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Devices;
using Linzi.Heritage.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
        permits.MapPut("/{id}", (string id, PermitDefinition? body, RegistryEditor editor, TimeProvider time, HttpContext http) =>
            PutPermit(body is null ? null : body with { Id = id }, editor, time, http)).RequireAuthorization(Policies.Bureau);
        permits.MapDelete("/{id}", (string id, RegistryEditor editor, HttpContext http) => Deleted(editor.DeletePermit(id, User(http))))
            .RequireAuthorization(Policies.Bureau);

        var maintenance = app.MapGroup("/api/maintenance").RequireAuthorization(Policies.SignedIn);
        maintenance.MapGet("/", (WorksHolder works, IWorksStore store, TimeProvider time) =>
            TypedResults.Ok(works.Current.Maintenance.Select(m => MaintenanceView.From(m, store, time.GetUtcNow()))));
        maintenance.MapPost("/", PutMaintenance).RequireAuthorization(Policies.Provisioning);
        maintenance.MapPut("/{id}", (string id, MaintenanceDefinition? body, RegistryHolder registry, RegistryEditor editor, TimeProvider time, HttpContext http, IOptions<DeviceOptions> options) =>
            PutMaintenance(body is null ? null : body with { Id = id }, registry, editor, time, http, options)).RequireAuthorization(Policies.Provisioning);
        maintenance.MapDelete("/{id}", (string id, RegistryEditor editor, HttpContext http) => Deleted(editor.DeleteMaintenance(id, User(http))))
            .RequireAuthorization(Policies.Provisioning);

        // Drill windows (演练): only the bureau declares a drill, never a device or the maintenance role.
        var drills = app.MapGroup("/api/drills").RequireAuthorization(Policies.SignedIn);
        drills.MapGet("/", (WorksHolder works, TimeProvider time) =>
            TypedResults.Ok(works.Current.Drills.Select(d => DrillView.From(d, time.GetUtcNow()))));
        drills.MapPost("/", PutDrill).RequireAuthorization(Policies.Bureau);
        drills.MapPut("/{id}", (string id, MaintenanceDefinition? body, RegistryHolder registry, RegistryEditor editor, TimeProvider time, HttpContext http) =>
            PutDrill(body is null ? null : body with { Id = id }, registry, editor, time, http)).RequireAuthorization(Policies.Bureau);
        drills.MapDelete("/{id}", (string id, RegistryEditor editor, HttpContext http) => Deleted(editor.DeleteDrill(id, User(http))))
            .RequireAuthorization(Policies.Bureau);
        return app;
    }

    // The editor keeps who registered an entry first and when; these are for a new one.
    private static Results<Ok<PermitDefinition>, ValidationProblem, ProblemHttpResult> PutPermit(PermitDefinition? body, RegistryEditor editor, TimeProvider time, HttpContext http)
    {
        var permit = WorksMapper.TryMap(body, User(http), time.GetUtcNow(), out var errors);
        if (permit is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (outcome, saved) = editor.PutPermit(permit, User(http));
        return outcome == EditOutcome.Conflict
            ? ForeignId(permit.Id, "a maintenance window or a drill")
            : TypedResults.Ok(WorksMapper.ToDefinition(saved));
    }

    private static Results<Ok<MaintenanceDefinition>, ValidationProblem, ProblemHttpResult> PutMaintenance(
        MaintenanceDefinition? body, RegistryHolder registry, RegistryEditor editor, TimeProvider time, HttpContext http, IOptions<DeviceOptions> options)
    {
        var window = WorksMapper.TryMap(body, registry.Current, User(http), time.GetUtcNow(), out var errors);
        if (window is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // A window silences alarms, so maintenance staff get one device for hours; a site or longer is the bureau's call.
        var longest = options.Value.MaintenanceMaxWindow;
        if (!http.User.IsInRole(Roles.Bureau) && (window.DeviceId is null || window.To - window.From > longest))
        {
            return TypedResults.Problem(
                $"Maintenance staff may open windows on one device for at most {longest.TotalHours:0.#} h; a site-wide or longer window needs the bureau.",
                statusCode: StatusCodes.Status403Forbidden, title: "Needs the bureau");
        }

        var (outcome, saved) = editor.PutMaintenance(window, User(http));
        return outcome == EditOutcome.Conflict
            ? ForeignId(window.Id, "a permit or a drill")
            : TypedResults.Ok(WorksMapper.ToDefinition(saved));
    }

    // A drill window has a maintenance window's shape: a device or a site, a time window and a reason.
    private static Results<Ok<MaintenanceDefinition>, ValidationProblem, ProblemHttpResult> PutDrill(
        MaintenanceDefinition? body, RegistryHolder registry, RegistryEditor editor, TimeProvider time, HttpContext http)
    {
        var drill = WorksMapper.TryMap(body, registry.Current, User(http), time.GetUtcNow(), out var errors);
        if (drill is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (outcome, saved) = editor.PutDrill(drill, User(http));
        return outcome == EditOutcome.Conflict
            ? ForeignId(drill.Id, "a permit or a maintenance window")
            : TypedResults.Ok(WorksMapper.ToDefinition(saved));
    }

    // Permits (the bureau's) and maintenance windows (maintenance staff's) keep apart ids, so that neither role can
    // overwrite or delete the other's entries by naming their id.
    private static ProblemHttpResult ForeignId(string id, string holder) =>
        TypedResults.Problem($"The id '{id}' belongs to {holder}; choose another.", statusCode: StatusCodes.Status409Conflict, title: "Id taken");

    private static Results<NoContent, NotFound> Deleted(EditOutcome outcome) =>
        outcome == EditOutcome.Deleted ? TypedResults.NoContent() : TypedResults.NotFound();

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

/// <summary>A drill window on the wire, with whether it is in force.</summary>
public sealed record DrillView(MaintenanceDefinition Drill, bool InForce, bool Expired)
{
    /// <summary>Builds the view.</summary>
    public static DrillView From(MaintenanceWindow drill, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(drill);
        return new DrillView(WorksMapper.ToDefinition(drill), drill.InForce(now), now >= drill.To);
    }
}
