using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Demo;

/// <summary>The shape of <c>Demo/linzi-demo.json</c>: plain records with WKT geometry, easy to edit or replace.</summary>
public sealed record DemoDocument(
    IReadOnlyList<DemoPerson> People,
    IReadOnlyList<Site> Sites,
    IReadOnlyList<DemoZone> Zones,
    IReadOnlyList<DemoCell> Cells,
    IReadOnlyList<DemoDevice> Devices,
    IReadOnlyList<RuleDefinition> Rules)
{
    /// <summary>Converts to registry data, validating every rule and geometry.</summary>
    public RegistryData ToRegistry()
    {
        var names = new RegistryNames(
            Sites.Select(s => s.Id).ToHashSet(StringComparer.Ordinal), Zones.Select(z => z.Id).ToHashSet(StringComparer.Ordinal),
            Cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        var rules = Rules.Select(r => RuleDefinitionMapper.TryMap(r, names, out var errors)
            ?? throw new InvalidDataException($"Demo rule {r.Id} is invalid: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}"));
        return new RegistryData(
            Sites,
            [.. Zones.Select(z => new Zone(z.Id, z.SiteId, ZoneKindNames.TryParse(z.Kind, out var k) ? k : throw new InvalidDataException($"Zone {z.Id}: bad kind"), z.Name, Wkt.Parse(z.Wkt)))],
            [.. Cells.Select(c => new GridCell(c.Id, c.Name, Wkt.Parse(c.Wkt), c.Inspector, c.VillageChief, c.TownshipChief, c.DistrictChief, c.RiskLevel))],
            [.. Devices.Select(d => new Device(d.Id, d.SiteId, d.Kind, d.Metrics ?? DeviceKinds.DefaultMetrics.GetValueOrDefault(d.Kind, []), d.Lat, d.Lon, d.Name))],
            [.. rules]);
    }
}

/// <summary>A demo account.</summary>
public sealed record DemoPerson(string Username, string DisplayName, string Role)
{
    /// <summary>The account with the given password hash.</summary>
    public User ToUser(string passwordHash) =>
        Roles.All.Contains(Role) ? new User(Username, DisplayName, Role, passwordHash) : throw new InvalidDataException($"{Username}: unknown role {Role}");
}

/// <summary>A demo zone.</summary>
public sealed record DemoZone(string Id, string SiteId, string Kind, string Name, string Wkt);

/// <summary>A demo grid cell.</summary>
public sealed record DemoCell(string Id, string Name, string Wkt, string Inspector, string VillageChief, string TownshipChief, string DistrictChief, string RiskLevel);

/// <summary>A demo device.</summary>
public sealed record DemoDevice(string Id, string SiteId, string Kind, double Lat, double Lon, string? Name, IReadOnlyList<string>? Metrics);
