using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>A duty a cell gets from the sites its area touches.</summary>
/// <param name="CellId">The cell.</param>
/// <param name="SiteId">The site whose class asks the most of it.</param>
/// <param name="Level">That site's protection level.</param>
/// <param name="Every">How often.</param>
/// <param name="FireCheck">True when a site there is a building, where fire is the great danger: the visit checks fire.</param>
public sealed record DefaultDuty(string CellId, string SiteId, ProtectionLevel Level, PatrolEvery Every, bool FireCheck);

/// <summary>
/// Duties by site class: a cell takes the most frequent duty of the sites whose zones it touches. Shandong's practice
/// is the default: daily for unstaffed sites of provincial level and above, monthly for staffed ones and municipal
/// sites, quarterly for county-level sites. Cells that touch no site's zone get none. Pure.
/// </summary>
public static class DutyDefaults
{
    /// <summary>Daily, daily, monthly, quarterly: the frequencies of unstaffed sites by level.</summary>
    public static IReadOnlyDictionary<ProtectionLevel, PatrolEvery> Shandong { get; } = new Dictionary<ProtectionLevel, PatrolEvery>
    {
        [ProtectionLevel.National] = new(0, 1),
        [ProtectionLevel.Provincial] = new(0, 1),
        [ProtectionLevel.Municipal] = new(1, 0),
        [ProtectionLevel.County] = new(3, 0),
    };

    /// <summary>Monthly: a site of provincial level or above with guards on site needs the patrol less often.</summary>
    public static PatrolEvery ShandongStaffed { get; } = new(1, 0);

    /// <summary>The default duty of every cell that touches a site's zone, by cell id.</summary>
    /// <param name="registry">Sites, zones and cells.</param>
    /// <param name="everyByLevel">The frequency by protection level.</param>
    /// <param name="staffedEvery">The frequency of a staffed site of provincial level or above, when less often than its level's.</param>
    public static IReadOnlyList<DefaultDuty> For(
        RegistrySnapshot registry, IReadOnlyDictionary<ProtectionLevel, PatrolEvery> everyByLevel, PatrolEvery? staffedEvery = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(everyByLevel);
        var staffed = staffedEvery ?? ShandongStaffed;
        var duties = new List<DefaultDuty>();
        foreach (var cell in registry.Cells.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var sites = registry.SitesTouching(cell);
            var asked = sites
                .Select(s => (Site: s, Every: EveryOf(s, everyByLevel, staffed)))
                .Where(a => a.Every is not null)
                // The most frequent duty wins; at a tie, the higher level (the enum runs from national down).
                .OrderBy(a => a.Every!.Approximately).ThenBy(a => a.Site.Level).ThenBy(a => a.Site.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (asked.Site is { } site)
            {
                duties.Add(new DefaultDuty(cell.Id, site.Id, site.Level, asked.Every!, sites.Any(s => s.Kind is SiteKind.Building or SiteKind.Modern)));
            }
        }

        return duties;
    }

    private static PatrolEvery? EveryOf(Site site, IReadOnlyDictionary<ProtectionLevel, PatrolEvery> everyByLevel, PatrolEvery staffed)
    {
        var byLevel = everyByLevel.GetValueOrDefault(site.Level);
        return site.Staffed && site.Level <= ProtectionLevel.Provincial && (byLevel is null || staffed.Approximately > byLevel.Approximately)
            ? staffed
            : byLevel;
    }
}
