using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Transfer;

namespace Linzi.Heritage.Server.Registry.Admin;

/// <summary>A cell's assignment and name: <c>PUT /api/grid-cells/{id}</c>.</summary>
public sealed record CellUpdate(string? Name, string? Inspector, IReadOnlyList<string>? Chiefs, string? Risk);

/// <summary>One assignment for many cells: <c>POST /api/grid-cells/assign</c>.</summary>
public sealed record CellAssignment(IReadOnlyList<string>? CellIds, string? Inspector, IReadOnlyList<string>? Chiefs);

/// <summary>Editing grid cells one by one and in bulk (bureau): names, risk, inspector and chief chain, deletion.</summary>
public static class CellAdminEndpoints
{
    /// <summary>Maps <c>PUT /api/grid-cells/{id}</c>, <c>DELETE /api/grid-cells/{id}</c> and <c>POST /api/grid-cells/assign</c>.</summary>
    public static IEndpointRouteBuilder MapCellAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/grid-cells").RequireAuthorization(Policies.Bureau);
        api.MapPut("/{id}", Update);
        api.MapDelete("/{id}", Delete);
        api.MapPost("/assign", Assign);
        return app;
    }

    private static IResult Update(string id, CellUpdate? body, RegistryEditor editor, IUserStore users, HttpContext http)
    {
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
        {
            if (!registry.Cells.TryGetValue(id, out var cell))
            {
                return NotFound(id);
            }

            var current = CellEntry.From(cell);
            var entry = current with
            {
                Name = body?.Name ?? current.Name,
                Inspector = body?.Inspector ?? current.Inspector,
                Chiefs = body?.Chiefs ?? current.Chiefs,
                Risk = body?.Risk ?? current.Risk,
            };
            var errors = new ValidationErrors();
            var updated = RegistryEntryMapper.TryMapCell(entry, "", errors);
            PeopleCheck.Chain(users, entry.Inspector, updated?.Chiefs ?? [], "", errors);
            return errors.IsEmpty ? new RegistryChange { Cells = [updated!] } : RegistryRefusal.Invalid(errors.ByField);
        });
        return edit.Refusal?.ToResult() ?? TypedResults.Ok(CellFeatures.Of(edit.After.Cells[id]));
    }

    private static IResult Assign(CellAssignment? body, RegistryEditor editor, IUserStore users, HttpContext http)
    {
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
        {
            var errors = new ValidationErrors();
            if (body?.CellIds is not { Count: > 0 } ids)
            {
                errors.Add("cellIds", "Required: the ids of the cells to assign.");
                return RegistryRefusal.Invalid(errors.ByField);
            }

            foreach (var unknown in ids.Where(i => i is null || !registry.Cells.ContainsKey(i)))
            {
                errors.Add("cellIds", $"No cell '{unknown}'.");
            }

            var chiefs = body.Chiefs is null ? null : RegistryEntryMapper.Chiefs(body.Chiefs, "chiefs", errors);
            PeopleCheck.Chain(users, body.Inspector, chiefs ?? [], "", errors);
            if (!errors.IsEmpty)
            {
                return RegistryRefusal.Invalid(errors.ByField);
            }

            // Only what the body names changes: an assignment of an inspector alone keeps each cell's chiefs.
            return new RegistryChange
            {
                Cells = [.. ids.Distinct(StringComparer.Ordinal).Select(i => registry.Cells[i]).Select(c => c with
                {
                    Inspector = body.Inspector?.Trim() ?? c.Inspector,
                    VillageChief = chiefs?[0] ?? c.VillageChief,
                    TownshipChief = chiefs?[1] ?? c.TownshipChief,
                    DistrictChief = chiefs?[2] ?? c.DistrictChief,
                })],
            };
        });
        return edit.Refusal?.ToResult() ?? TypedResults.Ok(CellFeatures.Collection(body!.CellIds!.Distinct(StringComparer.Ordinal).Select(i => edit.After.Cells[i])));
    }

    private static IResult Delete(string id, RegistryEditor editor, HttpContext http)
    {
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
            registry.Cells.ContainsKey(id) ? new RegistryChange { DeletedCells = [id] } : NotFound(id));
        return edit.Refusal?.ToResult() ?? TypedResults.NoContent();
    }

    private static RegistryRefusal NotFound(string id) =>
        new(StatusCodes.Status404NotFound, "Not found", new Dictionary<string, string[]> { ["id"] = [$"No grid cell '{id}'."] });
}
