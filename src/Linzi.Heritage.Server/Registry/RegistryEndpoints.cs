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
        api.MapGet("/sites", (RegistryHolder registry, HttpContext http) =>
        {
            var snapshot = registry.Current;
            // The named people's phones are for the people of the grid and the bureau, not for maintenance staff.
            var people = !http.User.IsInRole(Domain.Accounts.Roles.Maintenance);
            return TypedResults.Ok(snapshot.Sites.Values.OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => SiteDto.From(s, snapshot) is var dto && people ? dto : dto with { Stewards = null }));
        });
        api.MapGet("/zones", (RegistryHolder registry) => TypedResults.Ok(ZonesAsGeoJson(registry.Current)));
        api.MapGet("/grid-cells", (RegistryHolder registry) => TypedResults.Ok(CellFeatures.Collection(registry.Current.Cells.Values)));
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
    Centroid? Centroid,
    string? ResponsibleChief,
    string Kind,
    bool Staffed,
    SiteStewards? Stewards)
{
    /// <summary>Maps a domain site; without a registered centroid, the centre of its protection zones (or any of its zones) stands in.</summary>
    public static SiteDto From(Site site, RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(registry);
        return new SiteDto(site.Id, new SiteName(site.NameZh, site.NameEn), site.NameZh, site.NameEn, site.Level.ToWire(), site.Level.ShortNameZh(), site.Materials,
            CentroidOf(site, registry), site.ResponsibleChief, Domain.Wire.WireName.Of(site.Kind), site.Staffed, site.Stewards);
    }

    private static Centroid? CentroidOf(Site site, RegistrySnapshot registry)
    {
        if (site.CentroidLat is { } lat && site.CentroidLon is { } lon)
        {
            return new Centroid(lat, lon);
        }

        var zones = registry.Zones.Where(z => z.SiteId == site.Id).ToList();
        var preferred = zones.Where(z => z.Kind == ZoneKind.Protection).ToList() is { Count: > 0 } protection ? protection : zones;
        if (preferred.Count == 0)
        {
            return null;
        }

        var point = preferred.Count == 1
            ? preferred[0].Area.InteriorPoint
            : NetTopologySuite.Operation.Union.UnaryUnionOp.Union(preferred.Select(z => z.Area)).InteriorPoint;
        return new Centroid(Math.Round(point.Y, 6), Math.Round(point.X, 6));
    }
}

/// <summary>Chinese and English names.</summary>
public sealed record SiteName(string Zh, string En);

/// <summary>A WGS84 point.</summary>
public sealed record Centroid(double Lat, double Lon);
