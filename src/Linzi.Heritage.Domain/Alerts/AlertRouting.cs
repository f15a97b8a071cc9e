using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// Who answers for an alert, from the map: the point falls in a grid cell, whose chain runs from its grid inspector
/// through the village and township chiefs to the district chief. An alert outside every cell, or in a cell nobody
/// inspects yet (a gap), goes first to its site's responsible chief. Pure.
/// </summary>
public static class AlertRouting
{
    /// <summary>The escalation chain, first responder first; empty for alerts only the bureau handles (system alerts).</summary>
    public static IReadOnlyList<string> Chain(Alert alert, RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(registry);
        IReadOnlyList<string> siteChief = registry.Sites.TryGetValue(alert.SiteId, out var site) && !string.IsNullOrEmpty(site.ResponsibleChief)
            ? [site.ResponsibleChief]
            : [];
        if (alert.CellId is { } cellId && registry.Cells.TryGetValue(cellId, out var cell))
        {
            return cell.IsGap ? [.. siteChief.Concat(cell.Chain).Distinct(StringComparer.Ordinal)] : cell.Chain;
        }

        return siteChief;
    }

    /// <summary>Everyone besides the bureau who may see the alert: its chain and whoever it was escalated or handed to.</summary>
    public static IReadOnlyList<string> People(Alert alert, RegistrySnapshot registry) =>
        [.. Chain(alert, registry).Concat(alert.EscalatedTo).Distinct(StringComparer.Ordinal)];
}
