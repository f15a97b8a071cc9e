using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Transfer;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Linzi.Heritage.Server.Registry.Admin;

/// <summary>Body of <c>POST /api/grid-cells/generate</c>: a site (its protection zones) or a drawn polygon, and the grid.</summary>
public sealed record GridRequest(string? SiteId, Geometry? Polygon, double? SizeM, string? Prefix, bool? Clip, bool? DryRun);

/// <summary>
/// Making grid cells (bureau): <c>POST /api/grid-cells/generate</c> lays a metric grid (UTM 50N) over a site's
/// protection zones or a drawn polygon; <c>POST /api/grid-cells/import?dryRun=</c> takes cells as a GeoJSON
/// FeatureCollection. A cell that exists already keeps its inspector, chiefs and risk; only its shape and name change.
/// </summary>
public static class GridEndpoints
{
    /// <summary>Maps the grid generation and import endpoints.</summary>
    public static IEndpointRouteBuilder MapGridApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/grid-cells").RequireAuthorization(Policies.Bureau);
        api.MapPost("/generate", Generate);
        api.MapPost("/import", Import);
        return app;
    }

    private static IResult Generate(GridRequest? body, RegistryEditor editor, RegistryHolder registry, HttpContext http)
    {
        var errors = new ValidationErrors();
        var area = Area(body, registry.Current, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var grid = GridGenerator.Generate(area, body!.SizeM ?? 0, body.Prefix, body.Clip ?? true);
        if (!grid.IsValid)
        {
            return TypedResults.ValidationProblem(grid.Errors.ByField);
        }

        var dryRun = body.DryRun ?? false;
        var edit = editor.Edit(http.Actor(), dryRun, current => new RegistryChange
        {
            Cells = [.. grid.Cells.Select(c => current.Cells.TryGetValue(c.Id, out var old)
                ? old with { Name = c.Name, Area = c.Area }
                : new GridCell(c.Id, c.Name, c.Area, "", "", "", ""))],
        }, action: "generated");
        var cells = grid.Cells.Select(c => edit.After.Cells[c.Id]);
        return dryRun ? TypedResults.Ok(CellFeatures.Collection(cells)) : TypedResults.Created("/api/grid-cells", CellFeatures.Collection(cells));
    }

    private static IResult Import(bool? dryRun, FeatureCollection? body, RegistryEditor editor, IUserStore users, HttpContext http)
    {
        var errors = new ValidationErrors();
        if (dryRun is null)
        {
            errors.Add("dryRun", "Required: true to see what would change, false to apply it.");
        }

        if (body is not { Count: > 0 })
        {
            errors.Add("body", "Required: a GeoJSON FeatureCollection of cells (properties id, name, inspector, chiefs, risk).");
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var cells = RegistryDocumentMapper.MapAll([.. body], "features", f => f.Attributes?.GetOptionalValue("id")?.ToString(), (feature, path) =>
        {
            var entry = new CellEntry
            {
                Id = feature.Attributes?.GetOptionalValue("id")?.ToString(),
                Name = feature.Attributes?.GetOptionalValue("name")?.ToString(),
                Inspector = feature.Attributes?.GetOptionalValue("inspector")?.ToString(),
                Chiefs = feature.Attributes?.GetOptionalValue("chiefs") is IEnumerable<object> chiefs ? [.. chiefs.Select(c => c?.ToString() ?? "")] : null,
                Risk = feature.Attributes?.GetOptionalValue("risk")?.ToString(),
                Geometry = feature.Geometry,
            };
            var cell = RegistryEntryMapper.TryMapCell(entry, path, errors);
            if (cell is not null)
            {
                PeopleCheck.Chain(users, cell.Inspector, cell.Chiefs, path, errors);
            }

            return cell;
        }, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var edit = editor.Edit(http.Actor(), dryRun!.Value, _ => new RegistryChange { Cells = cells }, action: "imported");
        return TypedResults.Ok(new { dryRun, edit.Diff!.Cells.Added, edit.Diff.Cells.Changed, features = CellFeatures.Collection(cells.Select(c => edit.After.Cells[c.Id])) });
    }

    // The site's protection zones (all its zones when it has none), or the drawn polygon.
    private static Geometry? Area(GridRequest? body, RegistrySnapshot registry, ValidationErrors errors)
    {
        if (body is null)
        {
            errors.Add("body", "Required: {\"siteId\" or \"polygon\", \"sizeM\", \"prefix\", \"clip\", \"dryRun\"}.");
            return null;
        }

        if ((body.SiteId is null) == (body.Polygon is null))
        {
            errors.Add("siteId", "Give exactly one of siteId (its protection zones are gridded) or polygon (a GeoJSON Polygon or MultiPolygon).");
            return null;
        }

        if (body.Polygon is not null)
        {
            return RegistryEntryMapper.Polygonal(body.Polygon, "polygon", errors);
        }

        if (!registry.Sites.ContainsKey(body.SiteId!))
        {
            errors.Add("siteId", $"Unknown site '{body.SiteId}'.");
            return null;
        }

        var zones = registry.Zones.Where(z => z.SiteId == body.SiteId).ToList();
        var protection = zones.Where(z => z.Kind == ZoneKind.Protection).ToList();
        var chosen = protection.Count > 0 ? protection : zones;
        if (chosen.Count == 0)
        {
            errors.Add("siteId", $"Site '{body.SiteId}' has no zones yet: import them first, or draw a polygon.");
            return null;
        }

        return UnaryUnionOp.Union(chosen.Select(z => z.Area));
    }
}
