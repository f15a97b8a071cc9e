using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>Everything the registry persists, before it is indexed into a snapshot.</summary>
public sealed record RegistryData(
    IReadOnlyList<Site> Sites,
    IReadOnlyList<Zone> Zones,
    IReadOnlyList<GridCell> Cells,
    IReadOnlyList<Device> Devices,
    IReadOnlyList<Rule> Rules)
{
    /// <summary>Builds the immutable, indexed snapshot.</summary>
    public RegistrySnapshot ToSnapshot() => new(Sites, Zones, Cells, Devices, Rules);

    /// <summary>Builds the snapshot with one device added or replaced.</summary>
    public RegistrySnapshot ToSnapshotWith(Device device) =>
        new(Sites, Zones, Cells, Devices.Where(d => d.Id != device.Id).Append(device), Rules);
}
