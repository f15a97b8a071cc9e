using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// One change to the registry, stored in one transaction: entries to insert or replace, and ids to delete, of each
/// kind, plus device credentials to set. Administration is made of batches (a zone file replaces several zones, a
/// grid creates hundreds of cells, an import replaces everything), and a batch must land whole or not at all.
/// Immutable.
/// </summary>
public sealed record RegistryChange
{
    /// <summary>Sites to insert or replace.</summary>
    public IReadOnlyList<Site> Sites { get; init; } = [];

    /// <summary>Zones to insert or replace.</summary>
    public IReadOnlyList<Zone> Zones { get; init; } = [];

    /// <summary>Cells to insert or replace.</summary>
    public IReadOnlyList<GridCell> Cells { get; init; } = [];

    /// <summary>Devices to insert or replace (decommissioned ones included: they stay on record).</summary>
    public IReadOnlyList<Device> Devices { get; init; } = [];

    /// <summary>Rules to insert or replace.</summary>
    public IReadOnlyList<Rule> Rules { get; init; } = [];

    /// <summary>Device credentials to set.</summary>
    public IReadOnlyList<DeviceCredential> Credentials { get; init; } = [];

    /// <summary>Ids of sites to delete.</summary>
    public IReadOnlyList<string> DeletedSites { get; init; } = [];

    /// <summary>Ids of zones to delete.</summary>
    public IReadOnlyList<string> DeletedZones { get; init; } = [];

    /// <summary>Ids of cells to delete.</summary>
    public IReadOnlyList<string> DeletedCells { get; init; } = [];

    /// <summary>Ids of devices to delete with their credentials (only an import that replaces the registry does this).</summary>
    public IReadOnlyList<string> DeletedDevices { get; init; } = [];

    /// <summary>Ids of rules to delete.</summary>
    public IReadOnlyList<string> DeletedRules { get; init; } = [];

    /// <summary>True when the change changes nothing.</summary>
    public bool IsEmpty =>
        Sites.Count + Zones.Count + Cells.Count + Devices.Count + Rules.Count + Credentials.Count +
        DeletedSites.Count + DeletedZones.Count + DeletedCells.Count + DeletedDevices.Count + DeletedRules.Count == 0;

    /// <summary>The registry after this change.</summary>
    public RegistryData ApplyTo(RegistryData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RegistryData(
            Merge(data.Sites, Sites, DeletedSites, s => s.Id),
            Merge(data.Zones, Zones, DeletedZones, z => z.Id),
            Merge(data.Cells, Cells, DeletedCells, c => c.Id),
            Merge(data.Devices, Devices, DeletedDevices, d => d.Id),
            Merge(data.Rules, Rules, DeletedRules, r => r.Id));
    }

    // Replaced entries keep their place; new ones are appended; deleted ones go.
    private static List<T> Merge<T>(IReadOnlyList<T> current, IReadOnlyList<T> put, IReadOnlyList<string> deleted, Func<T, string> id)
    {
        var puts = put.ToDictionary(id, StringComparer.Ordinal);
        var gone = deleted.ToHashSet(StringComparer.Ordinal);
        var merged = current.Where(x => !gone.Contains(id(x))).Select(x => puts.Remove(id(x), out var replacement) ? replacement : x).ToList();
        merged.AddRange(put.Where(x => puts.ContainsKey(id(x))));
        return merged;
    }
}
