using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Auth;
using NetTopologySuite.Features;

namespace Linzi.Heritage.Server.Registry;

/// <summary>Read-only registry: <c>/api/sites</c>, <c>/api/zones</c>, <c>/api/grid-cells</c>.</summary>
public static class RegistryEndpoints
{
    /// <summary>Maps the registry endpoints (any signed-in user).</summary>
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/sites", (RegistryHolder registry) =>
            TypedResults.Ok(registry.Current.Sites.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(SiteDto.From)));
        api.MapGet("/zones", (RegistryHolder registry) => TypedResults.Ok(ZonesAsGeoJson(registry.Current)));
        api.MapGet("/grid-cells", (RegistryHolder registry) => TypedResults.Ok(CellsAsGeoJson(registry.Current)));
        return app;
    }

    private static FeatureCollection ZonesAsGeoJson(RegistrySnapshot registry)
    {
        var collection = new FeatureCollection();
        foreach (var zone in registry.Zones.OrderBy(z => z.Id, StringComparer.Ordinal))
        {
            collection.Add(new Feature(zone.Area, new AttributesTable
            {
                { "id", zone.Id },
                { "siteId", zone.SiteId },
                { "kind", zone.Kind.ToWire() },
                { "name", zone.Name },
            }));
        }

        return collection;
    }

    private static FeatureCollection CellsAsGeoJson(RegistrySnapshot registry)
    {
        var collection = new FeatureCollection();
        foreach (var cell in registry.Cells.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            collection.Add(new Feature(cell.Area, new AttributesTable
            {
                { "id", cell.Id },
                { "name", cell.Name },
                { "inspector", cell.Inspector },
                { "chain", cell.Chain.ToArray() },
                { "riskLevel", cell.RiskLevel },
            }));
        }

        return collection;
    }
}

/// <summary>A site as <c>GET /api/sites</c> lists it.</summary>
public sealed record SiteDto(
    string Id,
    SiteName Name,
    string NameZh,
    string NameEn,
    string ProtectionLevel,
    string ProtectionLevelZh,
    IReadOnlyList<string> Materials,
    Centroid Centroid,
    string? ResponsibleChief)
{
    /// <summary>Maps a domain site.</summary>
    public static SiteDto From(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        // The wire name comes from the one table on the enum; the Chinese short form is a label for people.
        var levelZh = site.Level switch
        {
            Domain.Registry.ProtectionLevel.National => "国保",
            Domain.Registry.ProtectionLevel.Provincial => "省保",
            _ => "市县保",
        };
        return new SiteDto(site.Id, new SiteName(site.NameZh, site.NameEn), site.NameZh, site.NameEn, site.Level.ToWire(), levelZh, site.Materials,
            new Centroid(site.CentroidLat, site.CentroidLon), site.ResponsibleChief);
    }
}

/// <summary>Chinese and English names.</summary>
public sealed record SiteName(string Zh, string En);

/// <summary>A WGS84 point.</summary>
public sealed record Centroid(double Lat, double Lon);
