using System.Collections.Frozen;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// Everything the pipeline needs to enrich and judge a reading: sites, zones, cells, devices, rules and the zone
/// index. Immutable and thread-safe; a change builds a new snapshot that <see cref="RegistryHolder"/> swaps in.
/// </summary>
public sealed class RegistrySnapshot
{
    private readonly FrozenDictionary<string, Location> _fixedLocations;

    /// <summary>Builds a snapshot and its zone index.</summary>
    public RegistrySnapshot(
        IEnumerable<Site> sites,
        IEnumerable<Zone> zones,
        IEnumerable<GridCell> cells,
        IEnumerable<Device> devices,
        IEnumerable<Rule> rules)
    {
        Sites = sites.ToFrozenDictionary(s => s.Id, StringComparer.Ordinal);
        Zones = [.. zones];
        Cells = cells.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        var all = devices.ToList();
        Devices = all.Where(d => d.DecommissionedAt is null).ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
        Decommissioned = all.Where(d => d.DecommissionedAt is not null).ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
        Rules = [.. rules];
        Index = new ZoneIndex(Zones, Cells.Values);

        // Fixed devices never move, so locate them once per snapshot instead of once per reading.
        _fixedLocations = Devices.Values
            .Where(d => !d.IsMobile)
            .ToFrozenDictionary(d => d.Id, d => Index.Locate(d.Lat, d.Lon), StringComparer.Ordinal);
        RuleSet = new RuleSet(Rules, Devices.Values.Select(d => Context(d, null, null)));
    }

    // A copy with one device added or replaced: zones, cells, rules and the index are shared, and only the new
    // device is located and matched to rules, so provisioning thousands of devices does not redo the whole registry
    // each time.
    private RegistrySnapshot(RegistrySnapshot previous, Device device)
    {
        Sites = previous.Sites;
        Zones = previous.Zones;
        Cells = previous.Cells;
        Rules = previous.Rules;
        Index = previous.Index;
        Decommissioned = previous.Decommissioned;
        Devices = previous.Devices.Where(d => d.Key != device.Id).Select(d => d.Value).Append(device)
            .ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
        var locations = previous._fixedLocations.Where(l => l.Key != device.Id);
        _fixedLocations = (device.IsMobile ? locations : locations.Append(new(device.Id, Index.Locate(device.Lat, device.Lon))))
            .ToFrozenDictionary(StringComparer.Ordinal);
        RuleSet = previous.RuleSet.With(Context(device, null, null));
    }

    /// <summary>An empty registry.</summary>
    public static RegistrySnapshot Empty { get; } = new([], [], [], [], []);

    /// <summary>Sites by id.</summary>
    public FrozenDictionary<string, Site> Sites { get; }

    /// <summary>All zones.</summary>
    public IReadOnlyList<Zone> Zones { get; }

    /// <summary>Grid cells by id.</summary>
    public FrozenDictionary<string, GridCell> Cells { get; }

    /// <summary>Devices in service by id: the ones that may connect and that rules judge.</summary>
    public FrozenDictionary<string, Device> Devices { get; }

    /// <summary>Decommissioned devices by id: kept on record for their history and so their ids are never reused.</summary>
    public FrozenDictionary<string, Device> Decommissioned { get; }

    /// <summary>All rules, enabled or not.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The enabled rules, matched to devices.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>The spatial index over zones and cells.</summary>
    public ZoneIndex Index { get; }

    /// <summary>Where a device is: its registered location, or the reported position of a mobile device.</summary>
    public Location Locate(Device device, double? lat, double? lon)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.IsMobile && lat is { } la && lon is { } lo)
        {
            return Index.Locate(la, lo);
        }

        return _fixedLocations.TryGetValue(device.Id, out var location) ? location : Index.Locate(device.Lat, device.Lon);
    }

    /// <summary>A device's reading context: its site, and where it is (the reported position of a mobile device).</summary>
    public ReadingContext Context(Device device, double? lat, double? lon)
    {
        ArgumentNullException.ThrowIfNull(device);
        var site = Sites.GetValueOrDefault(device.SiteId);
        return device.IsMobile && lat is not null && lon is not null
            ? new ReadingContext(device, Index.Locate(lat.Value, lon.Value), site, lat, lon)
            : new ReadingContext(device, Locate(device, null, null), site);
    }

    /// <summary>The sites whose zones (protection or construction control) reach into the cell, by id.</summary>
    public IReadOnlyList<Site> SitesTouching(GridCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var envelope = cell.Area.EnvelopeInternal;
        return [.. Zones
            .Where(z => z.Area.EnvelopeInternal.Intersects(envelope) && z.Area.Intersects(cell.Area))
            .Select(z => Sites.GetValueOrDefault(z.SiteId))
            .OfType<Site>()
            .DistinctBy(s => s.Id)
            .OrderBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>A copy with one device in service added or replaced.</summary>
    public RegistrySnapshot WithDevice(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.DecommissionedAt is null && !Decommissioned.ContainsKey(device.Id)
            ? new RegistrySnapshot(this, device)
            : ToData().ToSnapshotWith(device);
    }

    /// <summary>A copy with the rules replaced.</summary>
    public RegistrySnapshot WithRules(IEnumerable<Rule> rules) =>
        new(Sites.Values, Zones, Cells.Values, Devices.Values.Concat(Decommissioned.Values), rules);

    /// <summary>Everything in this snapshot as registry data (devices in service first, then decommissioned ones).</summary>
    public RegistryData ToData() =>
        new([.. Sites.Values], Zones, [.. Cells.Values], [.. Devices.Values, .. Decommissioned.Values], Rules);
}
