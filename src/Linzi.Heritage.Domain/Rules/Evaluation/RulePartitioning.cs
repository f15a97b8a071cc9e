using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>
/// Which partition of the rules a device's readings are judged in, when several instances share the work
/// (<see cref="Telemetry.IRuleInbox"/>). The key is the subject of the widest rule memory the device feeds: a fixed
/// device's correlation subject (its cell, or its site outside the grid, as registered), so that the devices a
/// correlation combines meet in one partition; a mobile device's own id, since its cell changes as it moves. Every
/// instance computes the same partition from the same registry, with a hash that does not change between processes.
/// Pure.
/// </summary>
public static class RulePartitioning
{
    /// <summary>The partition key of <paramref name="device"/>, from its registered position in <paramref name="snapshot"/>.</summary>
    public static string Key(RegistrySnapshot snapshot, Device device)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(device);
        return device.IsMobile ? "device:" + device.Id : RuleEvaluator.CorrelationSubject(snapshot.Context(device, null, null));
    }

    /// <summary>
    /// The partition of <paramref name="key"/> among <paramref name="partitions"/>: FNV-1a over its UTF-16 code units,
    /// because <see cref="string.GetHashCode()"/> differs from one process to the next.
    /// </summary>
    public static int Of(string key, int partitions)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}
