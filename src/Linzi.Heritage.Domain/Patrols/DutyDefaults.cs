using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>A duty a cell gets from the highest protection level among the sites its area touches.</summary>
public sealed record DefaultDuty(string CellId, ProtectionLevel Level, PatrolEvery Every);

/// <summary>
/// Duties by site class: a cell takes the frequency of the highest-level site whose zones it touches. Shandong's
/// practice is the default: daily for provincial level and above (unmanaged sites), monthly for municipal and
/// quarterly for county-level sites. Cells that touch no site's zone get none. Pure.
/// </summary>
public static class DutyDefaults
{
    /// <summary>Daily, daily, monthly, quarterly.</summary>
    public static IReadOnlyDictionary<ProtectionLevel, PatrolEvery> Shandong { get; } = new Dictionary<ProtectionLevel, PatrolEvery>
    {
        [ProtectionLevel.National] = new(0, 1),
        [ProtectionLevel.Provincial] = new(0, 1),
        [ProtectionLevel.Municipal] = new(1, 0),
        [ProtectionLevel.County] = new(3, 0),
    };

    /// <summary>The default duty of every cell that touches a site's zone, by cell id.</summary>
    public static IReadOnlyList<DefaultDuty> For(RegistrySnapshot registry, IReadOnlyDictionary<ProtectionLevel, PatrolEvery> everyByLevel)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(everyByLevel);
        var duties = new List<DefaultDuty>();
        foreach (var cell in registry.Cells.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var envelope = cell.Area.EnvelopeInternal;
            var levels = registry.Zones
                .Where(z => z.Area.EnvelopeInternal.Intersects(envelope) && z.Area.Intersects(cell.Area) && registry.Sites.ContainsKey(z.SiteId))
                .Select(z => registry.Sites[z.SiteId].Level)
                .ToList();
            // The enum runs from national down to county: the smallest is the highest level.
            if (levels.Count > 0 && everyByLevel.TryGetValue(levels.Min(), out var every))
            {
                duties.Add(new DefaultDuty(cell.Id, levels.Min(), every));
            }
        }

        return duties;
    }
}
