using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Linzi.Heritage.Server.Registry.Transfer;

/// <summary>
/// Checks registry entries and maps them to the domain, naming each bad field with its path
/// (<c>zones[3].geometry</c>). The document import and the single-entry endpoints use the same checks. Pure.
/// </summary>
public static class RegistryEntryMapper
{
    /// <summary>Risk levels of a cell.</summary>
    public static readonly IReadOnlyList<string> RiskLevels = ["high", "medium", "low"];

    /// <summary>Maps a site; null with errors added under <paramref name="path"/> when it is bad.</summary>
    public static Site? TryMapSite(SiteEntry? entry, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (entry is null)
        {
            errors.Add(Join(path, "body"), "A site object is required.");
            return null;
        }

        var before = errors.ByField.Count;
        Id(entry.Id, Join(path, "id"), errors);
        Text(entry.Name, Join(path, "name"), errors);
        if (!ProtectionLevelNames.TryParse(entry.ProtectionLevel, out var level))
        {
            errors.Add(Join(path, "protectionLevel"), "Required: national, provincial, municipal or county (全国, 省, 市, 县).");
        }

        if (entry.Materials?.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 64) == true || entry.Materials is { Count: > 16 })
        {
            errors.Add(Join(path, "materials"), "Up to 16 materials such as rammed_earth, brick, stone, bone, metal or wood.");
        }

        if ((entry.Lat is null) != (entry.Lon is null) || entry.Lat is < -90 or > 90 || entry.Lon is < -180 or > 180)
        {
            errors.Add(Join(path, "lat"), "Give both lat and lon in WGS84 degrees, or neither (the zones then give the centroid).");
        }

        var kind = SiteKind.Ruins;
        if (entry.Kind is not null && !Domain.Wire.WireName.TryParse(entry.Kind, out kind))
        {
            errors.Add(Join(path, "kind"), "One of ruins, tomb, building, grotto_carving, modern or other (古遗址, 古墓葬, 古建筑, 石窟寺及石刻, 近现代, 其他).");
        }

        var stewards = Stewards(entry.Stewards, Join(path, "stewards"), errors);
        return errors.ByField.Count > before
            ? null
            : new Site(entry.Id!, entry.Name!.Trim(), entry.NameEn?.Trim() ?? string.Empty, level, [.. entry.Materials ?? []], entry.Lat, entry.Lon,
                string.IsNullOrWhiteSpace(entry.ResponsibleChief) ? null : entry.ResponsibleChief.Trim(), kind, entry.Staffed ?? false, stewards);
    }

    // The three named people; each needs a name, may have a phone and an account (checked against the accounts by the caller).
    private static SiteStewards? Stewards(StewardsEntry? entry, string path, ValidationErrors errors)
    {
        if (entry is null)
        {
            return null;
        }

        var stewards = new SiteStewards(
            Person(entry.Responsible, Join(path, "responsible"), errors),
            Person(entry.Supervisor, Join(path, "supervisor"), errors),
            Person(entry.Patroller, Join(path, "patroller"), errors));
        return stewards.Named().Any() ? stewards : null;
    }

    private static StewardPerson? Person(PersonEntry? entry, string path, ValidationErrors errors)
    {
        if (entry is null || (string.IsNullOrWhiteSpace(entry.Name) && string.IsNullOrWhiteSpace(entry.Phone) && string.IsNullOrWhiteSpace(entry.Username)))
        {
            return null;
        }

        var before = errors.ByField.Count;
        if (string.IsNullOrWhiteSpace(entry.Name) || entry.Name.Length > 64)
        {
            errors.Add(Join(path, "name"), "Required, up to 64 characters: the person's name.");
        }

        var phone = string.IsNullOrWhiteSpace(entry.Phone) ? null : entry.Phone.Trim();
        if (phone is not null && (phone.Length > 32 || phone.Count(char.IsAsciiDigit) < 3 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')')))
        {
            errors.Add(Join(path, "phone"), "Digits, spaces, '+', '-' and brackets, up to 32 characters, such as 0533-7821234 or 138 0000 0000.");
        }

        var username = string.IsNullOrWhiteSpace(entry.Username) ? null : entry.Username.Trim();
        return errors.ByField.Count > before ? null : new StewardPerson(entry.Name!.Trim(), phone, username);
    }

    /// <summary>Maps a zone of a known site.</summary>
    public static Zone? TryMapZone(ZoneEntry? entry, IReadOnlySet<string> siteIds, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(siteIds);
        ArgumentNullException.ThrowIfNull(errors);
        if (entry is null)
        {
            errors.Add(path, "A zone object is required.");
            return null;
        }

        var before = errors.ByField.Count;
        Id(entry.Id, Join(path, "id"), errors);
        KnownSite(entry.SiteId, siteIds, Join(path, "siteId"), errors);

        if (!ZoneKindNames.TryParse(entry.Kind, out var kind))
        {
            errors.Add(Join(path, "kind"), "Required: protection or construction_control.");
        }

        var area = Polygonal(entry.Geometry, Join(path, "geometry"), errors);
        return errors.ByField.Count > before ? null : new Zone(entry.Id!, entry.SiteId!, kind, entry.Name?.Trim() ?? entry.Id!, area!);
    }

    /// <summary>Maps a cell (its people are checked against the accounts by the caller, which knows them).</summary>
    public static GridCell? TryMapCell(CellEntry? entry, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (entry is null)
        {
            errors.Add(path, "A cell object is required.");
            return null;
        }

        var before = errors.ByField.Count;
        Id(entry.Id, Join(path, "id"), errors);
        var chiefs = Chiefs(entry.Chiefs, Join(path, "chiefs"), errors);
        if (entry.Risk is not null && !RiskLevels.Contains(entry.Risk))
        {
            errors.Add(Join(path, "risk"), "One of high, medium, low.");
        }

        var area = Polygonal(entry.Geometry, Join(path, "geometry"), errors);
        return errors.ByField.Count > before
            ? null
            : new GridCell(entry.Id!, entry.Name?.Trim() ?? entry.Id!, area!, entry.Inspector?.Trim() ?? string.Empty, chiefs[0], chiefs[1], chiefs[2], entry.Risk ?? "medium");
    }

    /// <summary>Maps a device of a known site (a decommissioned one may name a site since deleted).</summary>
    public static Device? TryMapDevice(DeviceEntry? entry, IReadOnlySet<string> siteIds, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(siteIds);
        ArgumentNullException.ThrowIfNull(errors);
        if (entry is null)
        {
            errors.Add(path, "A device object is required.");
            return null;
        }

        var before = errors.ByField.Count;
        Id(entry.Id, Join(path, "id"), errors);
        // A decommissioned device stays on record after its site is deleted (DELETE /api/sites only waits for the
        // devices in service), so its site need not exist any more; one in service needs its site.
        if (entry.DecommissionedAt is null || entry.SiteId is null)
        {
            KnownSite(entry.SiteId, siteIds, Join(path, "siteId"), errors);
        }

        if (entry.Kind is null || !MetricName.IsValid(entry.Kind))
        {
            errors.Add(Join(path, "kind"), "Required: a kind such as " + string.Join(", ", DeviceKinds.DefaultMetrics.Keys) + ".");
        }

        Position(entry.Lat, entry.Lon, path, errors);
        var metrics = Metrics(entry.Metrics, entry.Kind, Join(path, "metrics"), errors);
        return errors.ByField.Count > before
            ? null
            : new Device(entry.Id!, entry.SiteId!, entry.Kind!, metrics, entry.Lat!.Value, entry.Lon!.Value, entry.Name)
            {
                Drill = entry.Drill ?? false, RevokedAt = entry.RevokedAt, DecommissionedAt = entry.DecommissionedAt,
            };
    }

    /// <summary>Checks a WGS84 position.</summary>
    public static void Position(double? lat, double? lon, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (lat is not { } la || !double.IsFinite(la) || la is < -90 or > 90)
        {
            errors.Add(Join(path, "lat"), "Required: WGS84 latitude in degrees, -90 to 90.");
        }

        if (lon is not { } lo || !double.IsFinite(lo) || lo is < -180 or > 180)
        {
            errors.Add(Join(path, "lon"), "Required: WGS84 longitude in degrees, -180 to 180.");
        }
    }

    /// <summary>A device's metrics: the given ones, or its kind's defaults.</summary>
    public static IReadOnlyList<string> Metrics(IReadOnlyList<string>? metrics, string? kind, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (metrics is { Count: > 0 })
        {
            if (metrics.Count > 64 || metrics.Any(m => m is null || !MetricName.IsValid(m)))
            {
                errors.Add(field, "Each metric must match ^[a-z][a-z0-9_]{0,63}$, at most 64 of them.");
            }

            return [.. metrics.Distinct(StringComparer.Ordinal)];
        }

        if (kind is not null && DeviceKinds.DefaultMetrics.TryGetValue(kind, out var defaults))
        {
            return defaults;
        }

        errors.Add(field, $"Required for a kind without defaults ('{kind}').");
        return [];
    }

    /// <summary>Village, township and district chiefs: up to three usernames, an empty string for an unstaffed level.</summary>
    public static string[] Chiefs(IReadOnlyList<string>? chiefs, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (chiefs is { Count: > 3 })
        {
            errors.Add(field, "At most three: the village chief, the township chief and the district chief, in that order.");
            return ["", "", ""];
        }

        var given = chiefs ?? [];
        return [.. Enumerable.Range(0, 3).Select(i => i < given.Count ? given[i]?.Trim() ?? string.Empty : string.Empty)];
    }

    /// <summary>A valid WGS84 polygon or multipolygon, or an error saying what is wrong and where.</summary>
    public static Geometry? Polygonal(Geometry? geometry, string field, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (geometry is not (Polygon or MultiPolygon))
        {
            errors.Add(field, geometry is null ? "Required: a GeoJSON Polygon or MultiPolygon." : $"A {geometry.GeometryType} is not a Polygon or MultiPolygon.");
            return null;
        }

        if (geometry.IsEmpty)
        {
            errors.Add(field, "The polygon is empty.");
            return null;
        }

        if (geometry.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90))
        {
            errors.Add(field, "Coordinates must be WGS84 longitude, latitude in degrees.");
            return null;
        }

        var validation = new IsValidOp(geometry).ValidationError;
        if (validation is not null)
        {
            errors.Add(field, $"Invalid polygon: {validation.Message} at ({validation.Coordinate?.X:0.######}, {validation.Coordinate?.Y:0.######}).");
            return null;
        }

        geometry.SRID = 4326;
        return geometry;
    }

    private static void KnownSite(string? siteId, IReadOnlySet<string> siteIds, string field, ValidationErrors errors)
    {
        if (siteId is null || !siteIds.Contains(siteId))
        {
            errors.Add(field, siteId is null ? "Required." : $"Unknown site '{siteId}'.");
        }
    }

    private static void Id(string? id, string field, ValidationErrors errors)
    {
        if (id is null || !MetricName.IsValidId(id))
        {
            errors.Add(field, "Required: 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit.");
        }
    }

    private static void Text(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            errors.Add(field, "Required, up to 200 characters.");
        }
    }

    private static string Join(string path, string field) => path.Length == 0 ? field : path + "." + field;
}
