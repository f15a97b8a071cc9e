using System.Text.Json;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Registry.Transfer;

namespace Linzi.Heritage.Server.Registry;

/// <summary>Batches: every administration edit (sites, zones, cells, device life cycle, import) goes through here.</summary>
public sealed partial class RegistryEditor
{
    private static readonly JsonSerializerOptions EntryJson = new(RegistryDocument.Json) { WriteIndented = false };

    /// <summary>
    /// Plans a change against the registry as it stands and, unless <paramref name="dryRun"/>, stores it in one
    /// transaction, swaps in the new snapshot and audits every entry it adds, changes or removes (with
    /// <paramref name="action"/> as the audit action when given, such as <c>revoked</c>). The plan runs under the
    /// editor's lock, so its checks (a site still has devices, an id is taken) hold when the change lands.
    /// A dry run returns the same diff and stores nothing.
    /// </summary>
    public RegistryEdit Edit(string actor, bool dryRun, Func<RegistrySnapshot, RegistryPlan> plan, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_lock)
        {
            var before = registry.Current;
            var planned = plan(before);
            if (planned.Refusal is not null || planned.Change is not { } change)
            {
                return new RegistryEdit(null, before, planned.Refusal ?? RegistryRefusal.Invalid(new Dictionary<string, string[]> { ["body"] = ["Nothing to change."] }));
            }

            var beforeData = before.ToData();
            var changed = change.ApplyTo(beforeData);
            if (change.DeletedSites.Count + change.DeletedZones.Count + change.DeletedCells.Count > 0 &&
                Dangling(beforeData, changed) is { Count: > 0 } dangling)
            {
                // A rule scoped to a deleted site, zone or cell would match nothing (or, with its scope emptied, everything),
                // and the registry would no longer export as a document that imports.
                return new RegistryEdit(null, before, RegistryRefusal.Conflict(
                    "rules", $"Rule(s) {string.Join(", ", dangling)} refer to what this change deletes; change or delete them first."));
            }

            var after = changed.ToSnapshot();
            var afterData = after.ToData();
            var diff = new RegistryDiff(
                Diff(beforeData.Sites, afterData.Sites, s => s.Id, SiteEntry.From),
                Diff(beforeData.Zones, afterData.Zones, z => z.Id, ZoneEntry.From),
                Diff(beforeData.Cells, afterData.Cells, c => c.Id, CellEntry.From),
                Diff(beforeData.Devices, afterData.Devices, d => d.Id, DeviceEntry.From),
                Diff(beforeData.Rules, afterData.Rules, r => r.Id, Domain.Rules.RuleDefinitionMapper.ToDefinition),
                DevicesMoved(before, after));
            if (dryRun)
            {
                return new RegistryEdit(diff, after, null);
            }

            registryStore.Apply(change);
            registry.Set(after);
            AuditAll("site", diff.Sites, beforeData.Sites, afterData.Sites, s => s.Id, SiteEntry.From, actor, action);
            AuditAll("zone", diff.Zones, beforeData.Zones, afterData.Zones, z => z.Id, ZoneEntry.From, actor, action);
            AuditAll("cell", diff.Cells, beforeData.Cells, afterData.Cells, c => c.Id, CellEntry.From, actor, action);
            AuditAll("device", diff.Devices, beforeData.Devices, afterData.Devices, d => d.Id, DeviceEntry.From, actor, action);
            AuditAll("rule", diff.Rules, beforeData.Rules, afterData.Rules, r => r.Id, Domain.Rules.RuleDefinitionMapper.ToDefinition, actor, action);
            foreach (var credential in change.Credentials.Where(c => !diff.Devices.Added.Contains(c.DeviceId)))
            {
                // The secret itself is never written anywhere but to its caller; the audit says only that it changed.
                Audit("device", credential.DeviceId, actor, null, new { credential.PreviousValidUntil }, "secret-rotated");
            }

            return new RegistryEdit(diff, after, null);
        }
    }

    // Rules whose site, zone and cell references held before a change and do not after it.
    private static List<string> Dangling(RegistryData before, RegistryData after)
    {
        var was = Names(before);
        var now = Names(after);
        return [.. after.Rules.Select(Domain.Rules.RuleDefinitionMapper.ToDefinition)
            .Where(d => Domain.Rules.RuleDefinitionMapper.TryMap(d, was, out _) is not null && Domain.Rules.RuleDefinitionMapper.TryMap(d, now, out _) is null)
            .Select(d => d.Id!)
            .Order(StringComparer.Ordinal)];
    }

    private static Domain.Rules.RegistryNames Names(RegistryData data) => new(
        data.Sites.Select(s => s.Id).ToHashSet(StringComparer.Ordinal),
        data.Zones.Select(z => z.Id).ToHashSet(StringComparer.Ordinal),
        data.Cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));

    // Fixed devices whose zones or cell differ between two registries (mobile ones are placed per reading).
    private static int DevicesMoved(RegistrySnapshot before, RegistrySnapshot after) =>
        after.Devices.Values.Count(d => !d.IsMobile && before.Devices.TryGetValue(d.Id, out var old) && !SamePlace(before.Locate(old, null, null), after.Locate(d, null, null)));

    private static bool SamePlace(Domain.Geofencing.Location a, Domain.Geofencing.Location b) =>
        a.Cell?.Id == b.Cell?.Id && a.Zones.Select(z => z.Id).Order(StringComparer.Ordinal).SequenceEqual(b.Zones.Select(z => z.Id).Order(StringComparer.Ordinal));

    private static EntityDiff Diff<T, TEntry>(IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> id, Func<T, TEntry> entry) =>
        EntityDiff.Between(before, after, id, x => Serialize(entry(x)));

    // Under the lock.
    private void AuditAll<T, TEntry>(
        string entity, EntityDiff diff, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> id, Func<T, TEntry> entry, string actor, string? action)
    {
        if (diff.IsEmpty)
        {
            return;
        }

        var old = before.ToDictionary(id, StringComparer.Ordinal);
        var now = after.ToDictionary(id, StringComparer.Ordinal);
        // One commit for the lot: an import of 10,000 devices was 10,000 durable audit writes (20–30 s).
        var records = diff.Added.Concat(diff.Changed).Concat(diff.Removed)
            .Select(key => AuditEntryOf(entity, key, actor, old.TryGetValue(key, out var o) ? entry(o) : null, now.TryGetValue(key, out var n) ? entry(n) : null, action))
            .ToList();
        audit.RecordAll(records);
        foreach (var record in records)
        {
            logger.Changed(entity, record.EntityId, record.Action, actor);
        }
    }

    private static string Serialize<TEntry>(TEntry entry) => JsonSerializer.Serialize(entry, EntryJson);
}
