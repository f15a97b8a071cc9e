using System.Text.Json;
using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Works;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Linzi.Heritage.Server.Registry.Transfer;

/// <summary>
/// The whole registry as one versioned JSON document: what <c>GET /api/registry/export</c> writes and
/// <c>POST /api/registry/import</c> reads, and what the shipped demo is. Every list is sorted by id and geometry is
/// GeoJSON, so the same registry always gives the same bytes (export → import → export is a fixed point).
/// Device secrets are never in it.
/// </summary>
public sealed record RegistryDocument
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "linzi-heritage-registry";

    /// <summary>The version this code writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Serializer settings of the document (web casing, GeoJSON geometry, no nulls).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new GeoJsonConverterFactory() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string? Format { get; init; } = FormatName;

    /// <summary>The document version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Sites.</summary>
    public IReadOnlyList<SiteEntry>? Sites { get; init; } = [];

    /// <summary>Protection and construction-control zones.</summary>
    public IReadOnlyList<ZoneEntry>? Zones { get; init; } = [];

    /// <summary>Grid cells with their assignments.</summary>
    public IReadOnlyList<CellEntry>? Cells { get; init; } = [];

    /// <summary>Devices, without secrets; decommissioned ones included.</summary>
    public IReadOnlyList<DeviceEntry>? Devices { get; init; } = [];

    /// <summary>Rules, as the rules API takes them.</summary>
    public IReadOnlyList<RuleDefinition>? Rules { get; init; } = [];

    /// <summary>Construction permits, as the permits API takes them.</summary>
    public IReadOnlyList<PermitDefinition>? Permits { get; init; } = [];

    /// <summary>The document of a registry and its permits.</summary>
    public static RegistryDocument From(RegistryData data, IEnumerable<Permit> permits)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(permits);
        return new RegistryDocument
        {
            Sites = [.. data.Sites.OrderBy(s => s.Id, StringComparer.Ordinal).Select(SiteEntry.From)],
            Zones = [.. data.Zones.OrderBy(z => z.Id, StringComparer.Ordinal).Select(ZoneEntry.From)],
            Cells = [.. data.Cells.OrderBy(c => c.Id, StringComparer.Ordinal).Select(CellEntry.From)],
            Devices = [.. data.Devices.OrderBy(d => d.Id, StringComparer.Ordinal).Select(DeviceEntry.From)],
            Rules = [.. data.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(RuleDefinitionMapper.ToDefinition)],
            Permits = [.. permits.OrderBy(p => p.Id, StringComparer.Ordinal).Select(WorksMapper.ToDefinition)],
        };
    }

    /// <summary>The document as JSON bytes.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>A site in the document and in <c>POST /api/sites</c>.</summary>
public sealed record SiteEntry
{
    /// <summary>Stable id, used in MQTT topics.</summary>
    public string? Id { get; init; }

    /// <summary>Chinese name.</summary>
    public string? Name { get; init; }

    /// <summary>English name.</summary>
    public string? NameEn { get; init; }

    /// <summary><c>national</c>, <c>provincial</c>, <c>municipal</c> or <c>county</c>.</summary>
    public string? ProtectionLevel { get; init; }

    /// <summary>What the site is made of (rammed_earth, brick, stone, bone, metal, wood…).</summary>
    public IReadOnlyList<string>? Materials { get; init; }

    /// <summary>Username of the chief who answers for alerts outside any staffed cell.</summary>
    public string? ResponsibleChief { get; init; }

    /// <summary>Latitude of a representative point; computed from the zones when not given.</summary>
    public double? Lat { get; init; }

    /// <summary>Longitude of a representative point; computed from the zones when not given.</summary>
    public double? Lon { get; init; }

    /// <summary><c>ruins</c> (the default), <c>tomb</c>, <c>building</c>, <c>grotto_carving</c>, <c>modern</c> or <c>other</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>True when guards are on site; false (the default) for an unstaffed site.</summary>
    public bool? Staffed { get; init; }

    /// <summary>The people named for the site (专人负责、专人监管、专人巡查).</summary>
    public StewardsEntry? Stewards { get; init; }

    /// <summary>The entry of a site.</summary>
    public static SiteEntry From(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new SiteEntry
        {
            Id = site.Id, Name = site.NameZh, NameEn = site.NameEn, ProtectionLevel = site.Level.ToWire(), Materials = site.Materials,
            ResponsibleChief = site.ResponsibleChief, Lat = site.CentroidLat, Lon = site.CentroidLon,
            Kind = Domain.Wire.WireName.Of(site.Kind), Staffed = site.Staffed, Stewards = StewardsEntry.From(site.Stewards),
        };
    }
}

/// <summary>A site's named people in the document; each may be left out.</summary>
public sealed record StewardsEntry
{
    /// <summary>专人负责: who answers for the site.</summary>
    public PersonEntry? Responsible { get; init; }

    /// <summary>专人监管: who supervises its care.</summary>
    public PersonEntry? Supervisor { get; init; }

    /// <summary>专人巡查: who patrols it.</summary>
    public PersonEntry? Patroller { get; init; }

    /// <summary>The entry of a site's people; null when none are named.</summary>
    public static StewardsEntry? From(SiteStewards? stewards) => stewards is null
        ? null
        : new StewardsEntry { Responsible = PersonEntry.From(stewards.Responsible), Supervisor = PersonEntry.From(stewards.Supervisor), Patroller = PersonEntry.From(stewards.Patroller) };
}

/// <summary>A named person: a name, and a phone and an account when they have them.</summary>
public sealed record PersonEntry
{
    /// <summary>Their name.</summary>
    public string? Name { get; init; }

    /// <summary>A phone number.</summary>
    public string? Phone { get; init; }

    /// <summary>Their account's username, when they have one.</summary>
    public string? Username { get; init; }

    /// <summary>The entry of a person; null for none.</summary>
    public static PersonEntry? From(StewardPerson? person) => person is null ? null : new PersonEntry { Name = person.Name, Phone = person.Phone, Username = person.Username };
}

/// <summary>A zone in the document.</summary>
public sealed record ZoneEntry
{
    /// <summary>Zone id.</summary>
    public string? Id { get; init; }

    /// <summary>Its site.</summary>
    public string? SiteId { get; init; }

    /// <summary><c>protection</c> or <c>construction_control</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Polygon or MultiPolygon, WGS84.</summary>
    public Geometry? Geometry { get; init; }

    /// <summary>The entry of a zone.</summary>
    public static ZoneEntry From(Zone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new ZoneEntry { Id = zone.Id, SiteId = zone.SiteId, Kind = zone.Kind.ToWire(), Name = zone.Name, Geometry = zone.Area };
    }
}

/// <summary>A grid cell in the document, with its assignment.</summary>
public sealed record CellEntry
{
    /// <summary>Cell id.</summary>
    public string? Id { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Username of its grid inspector; absent for a gap.</summary>
    public string? Inspector { get; init; }

    /// <summary>Chiefs from the village chief up to the district chief; an empty string for an unstaffed level.</summary>
    public IReadOnlyList<string>? Chiefs { get; init; }

    /// <summary><c>high</c>, <c>medium</c> or <c>low</c>.</summary>
    public string? Risk { get; init; }

    /// <summary>Polygon, WGS84.</summary>
    public Geometry? Geometry { get; init; }

    /// <summary>The entry of a cell.</summary>
    public static CellEntry From(GridCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new CellEntry
        {
            Id = cell.Id, Name = cell.Name, Inspector = cell.IsGap ? null : cell.Inspector, Chiefs = cell.Chiefs, Risk = cell.RiskLevel, Geometry = cell.Area,
        };
    }
}

/// <summary>A device in the document: everything but its secret.</summary>
public sealed record DeviceEntry
{
    /// <summary>Device id (its MQTT username).</summary>
    public string? Id { get; init; }

    /// <summary>Its site.</summary>
    public string? SiteId { get; init; }

    /// <summary>Device kind.</summary>
    public string? Kind { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Registered latitude.</summary>
    public double? Lat { get; init; }

    /// <summary>Registered longitude.</summary>
    public double? Lon { get; init; }

    /// <summary>Metric names it reports.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>True for a drill device.</summary>
    public bool? Drill { get; init; }

    /// <summary>When it was revoked, if it is.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>When it was decommissioned, if it was.</summary>
    public DateTimeOffset? DecommissionedAt { get; init; }

    /// <summary>The entry of a device.</summary>
    public static DeviceEntry From(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new DeviceEntry
        {
            Id = device.Id, SiteId = device.SiteId, Kind = device.Kind, Name = device.Name, Lat = device.Lat, Lon = device.Lon, Metrics = device.Metrics,
            Drill = device.Drill ? true : null, RevokedAt = device.RevokedAt, DecommissionedAt = device.DecommissionedAt,
        };
    }
}
