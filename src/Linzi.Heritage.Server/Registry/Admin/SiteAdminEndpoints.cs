using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Transfer;

namespace Linzi.Heritage.Server.Registry.Admin;

/// <summary><c>POST /api/sites</c>, <c>PUT /api/sites/{id}</c>, <c>DELETE /api/sites/{id}</c> (bureau).</summary>
public static class SiteAdminEndpoints
{
    /// <summary>Maps the site administration endpoints.</summary>
    public static IEndpointRouteBuilder MapSiteAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sites").RequireAuthorization(Policies.Bureau);
        api.MapPost("/", (SiteEntry? body, RegistryEditor editor, IUserStore users, HttpContext http) => Save(null, body, editor, users, http));
        api.MapPut("/{id}", (string id, SiteEntry? body, RegistryEditor editor, IUserStore users, HttpContext http) => Save(id, body, editor, users, http));
        api.MapDelete("/{id}", Delete);
        return app;
    }

    // Create when id is null; otherwise replace, keeping what the body leaves out.
    private static IResult Save(string? id, SiteEntry? body, RegistryEditor editor, IUserStore users, HttpContext http)
    {
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
        {
            Site? old = null;
            if (id is not null && !registry.Sites.TryGetValue(id, out old))
            {
                return new RegistryRefusal(StatusCodes.Status404NotFound, "Not found", new Dictionary<string, string[]> { ["id"] = [$"No site '{id}'."] });
            }

            var entry = old is null ? body : Merge(SiteEntry.From(old), body);
            if (id is not null && body?.Id is { } bodyId && bodyId != id)
            {
                return RegistryRefusal.Invalid(new Dictionary<string, string[]> { ["id"] = ["A site's id cannot change; create a new site instead."] });
            }

            var errors = new ValidationErrors();
            var site = RegistryEntryMapper.TryMapSite(entry, "", errors);
            PeopleCheck.Require(users, entry?.ResponsibleChief, Roles.Chief, "responsibleChief", errors);
            // Only the people this body names: a steward whose account went since must not block renaming the site.
            PeopleCheck.Exists(users, body?.Stewards?.Responsible?.Username?.Trim(), "stewards.responsible.username", errors);
            PeopleCheck.Exists(users, body?.Stewards?.Supervisor?.Username?.Trim(), "stewards.supervisor.username", errors);
            PeopleCheck.Exists(users, body?.Stewards?.Patroller?.Username?.Trim(), "stewards.patroller.username", errors);

            if (!errors.IsEmpty)
            {
                return RegistryRefusal.Invalid(errors.ByField);
            }

            return id is null && registry.Sites.ContainsKey(site!.Id)
                ? RegistryRefusal.Conflict("id", $"A site with id '{site.Id}' exists.")
                : new RegistryChange { Sites = [site!] };
        });
        if (edit.Refusal is { } refusal)
        {
            return refusal.ToResult();
        }

        var saved = edit.After.Sites[id ?? body!.Id!];
        var dto = SiteDto.From(saved, edit.After);
        return id is null ? TypedResults.Created($"/api/sites/{saved.Id}", dto) : TypedResults.Ok(dto);
    }

    private static IResult Delete(string id, RegistryEditor editor, HttpContext http)
    {
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
        {
            if (!registry.Sites.ContainsKey(id))
            {
                return new RegistryRefusal(StatusCodes.Status404NotFound, "Not found", new Dictionary<string, string[]> { ["id"] = [$"No site '{id}'."] });
            }

            var devices = registry.Devices.Values.Where(d => d.SiteId == id).Select(d => d.Id).Order(StringComparer.Ordinal).ToList();
            if (devices.Count > 0)
            {
                return RegistryRefusal.Conflict("id", $"Site '{id}' still has {devices.Count} device(s): {string.Join(", ", devices.Take(10))}. Decommission or move them first.");
            }

            // Its zones go with it: a zone belongs to exactly one site.
            return new RegistryChange { DeletedSites = [id], DeletedZones = [.. registry.Zones.Where(z => z.SiteId == id).Select(z => z.Id)] };
        });
        return edit.Refusal?.ToResult() ?? TypedResults.NoContent();
    }

    private static SiteEntry? Merge(SiteEntry current, SiteEntry? body) => body is null
        ? null
        : current with
        {
            Name = body.Name ?? current.Name,
            NameEn = body.NameEn ?? current.NameEn,
            ProtectionLevel = body.ProtectionLevel ?? current.ProtectionLevel,
            Materials = body.Materials ?? current.Materials,
            ResponsibleChief = body.ResponsibleChief ?? current.ResponsibleChief,
            Lat = body.Lat ?? current.Lat,
            Lon = body.Lon ?? current.Lon,
            Kind = body.Kind ?? current.Kind,
            Staffed = body.Staffed ?? current.Staffed,
            Stewards = body.Stewards ?? current.Stewards,
        };
}
