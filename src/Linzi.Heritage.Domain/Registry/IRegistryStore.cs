using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>Port: the persisted registry (sites, zones, cells, devices with their secret hashes, rules). Thread-safe.</summary>
public interface IRegistryStore
{
    /// <summary>True when nothing has been stored yet.</summary>
    bool IsEmpty();

    /// <summary>Loads the whole registry.</summary>
    RegistryData Load();

    /// <summary>Stores a whole registry (the demo seed) in one transaction; device secrets by device id.</summary>
    void Save(RegistryData data, IReadOnlyDictionary<string, string> deviceSecretHashes);

    /// <summary>Adds a device with its secret hash; false when the id is taken.</summary>
    bool TryAddDevice(Device device, string secretHash);

    /// <summary>The stored credential of a device, or null.</summary>
    DeviceCredential? GetCredential(string deviceId);

    /// <summary>Stores a batch of changes in one transaction: all of it or, on failure, none of it.</summary>
    void Apply(RegistryChange change);

    /// <summary>Inserts or replaces a rule.</summary>
    void SaveRule(Rule rule);

    /// <summary>Deletes a rule; false when there was none.</summary>
    bool DeleteRule(string id);
}
