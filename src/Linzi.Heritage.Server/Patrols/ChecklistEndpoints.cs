using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Wire;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// <c>GET /api/patrol-checklist/{cellId}</c>: what a visit to the cell checks (by the kinds of the sites there, a
/// staffed site's guard, the duty's fire patrol), the photo views it needs, and the sites with the people named for
/// them, so the phone can show the form and whom to call.
/// </summary>
public static class ChecklistEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapChecklistApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/patrol-checklist/{cellId}", Get).RequireAuthorization(Policies.Supervision);
        return app;
    }

    /// <summary>The items a visit to the cell answers.</summary>
    public static IReadOnlyList<string> ItemsFor(GridCell cell, IPatrolStore store, RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(registry);
        var duty = store.Duty(cell.Id) is { EndedAt: null } inForce ? inForce : null;
        return VisitChecklist.For(duty, registry.SitesTouching(cell));
    }

    // How long after a visit its inspector may still ask for the cell's checklist (a report may follow the patrol's end).
    private static readonly TimeSpan ReportWindow = TimeSpan.FromDays(1);

    private static Results<Ok<ChecklistDto>, NotFound, ForbidHttpResult> Get(
        string cellId, IPatrolStore store, RegistryHolder registry, TimeProvider time, HttpContext http)
    {
        var snapshot = registry.Current;
        if (!snapshot.Cells.TryGetValue(cellId, out var cell))
        {
            return TypedResults.NotFound();
        }

        // The caller's own cells (a chief their chain's, the bureau all), and any cell the caller visited lately or is
        // in on the running patrol: a neighbour's cell walked through gets its report too, also after the patrol ended.
        var scope = UserScope.For(http.User, snapshot);
        var now = time.GetUtcNow();
        if (!scope.SeesAll && !scope.VisibleCellIds!.Contains(cellId)
            && store.Running(scope.Username)?.Patrol.VisitsSoFar(TimeSpan.Zero).Any(v => v.CellId == cellId) != true
            && !store.Visits(now - ReportWindow, now + TimeSpan.FromMinutes(1)).Any(v => v.Inspector == scope.Username && v.Visit.CellId == cellId))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(new ChecklistDto(
            cell.Id, ItemsFor(cell, store, snapshot), VisitChecklist.Views, [.. snapshot.SitesTouching(cell).Select(SiteCareDto.From)]));
    }
}

/// <summary>What a visit to a cell checks, and the sites there.</summary>
/// <param name="CellId">The cell.</param>
/// <param name="Items">The checklist items, each answered <c>ok</c> or <c>problem</c>.</param>
/// <param name="Views">The photo views required, at least one each.</param>
/// <param name="Sites">The sites whose zones reach into the cell.</param>
public sealed record ChecklistDto(string CellId, IReadOnlyList<string> Items, IReadOnlyList<string> Views, IReadOnlyList<SiteCareDto> Sites);

/// <summary>A site as the patrol sees it: its kind, whether guards are there, and its named people.</summary>
/// <param name="Id">The site.</param>
/// <param name="Name">Its Chinese name.</param>
/// <param name="Kind">Its kind (<c>ruins</c>, <c>tomb</c>…).</param>
/// <param name="ProtectionLevel">Its level.</param>
/// <param name="Staffed">True when guarded on site.</param>
/// <param name="Stewards">专人负责、专人监管、专人巡查; null when none are named.</param>
public sealed record SiteCareDto(string Id, string Name, string Kind, string ProtectionLevel, bool Staffed, SiteStewards? Stewards)
{
    /// <summary>Maps a site.</summary>
    public static SiteCareDto From(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new SiteCareDto(site.Id, site.NameZh, WireName.Of(site.Kind), site.Level.ToWire(), site.Staffed, site.Stewards);
    }
}
