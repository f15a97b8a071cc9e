using System.Security.Claims;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;


namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// What a signed-in person may see and do, derived from the grid: inspectors their own cells, chiefs every cell
/// whose chain names them and the cell-less alerts of sites they answer for, anyone the alerts escalated or handed
/// to them; the bureau and maintenance everything (maintenance may look but not act on alerts).
/// </summary>
public sealed record UserScope(string Username, string Role, IReadOnlySet<string>? VisibleCellIds, IReadOnlySet<string> ChiefOfSiteIds)
{
    // Cells with no grid inspector: their alerts go to the site's responsible chief, whose site a cell does not name,
    // so these cells are visible to every responsible chief in the query and narrowed by the alert's site here.
    private HashSet<string> GapCellIds { get; init; } = [];

    /// <summary>True when the user sees every cell.</summary>
    public bool SeesAll => VisibleCellIds is null;

    /// <summary>Builds the scope of a principal against the current registry.</summary>
    public static UserScope For(ClaimsPrincipal user, RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(registry);
        var username = user.FindFirstValue("name") ?? string.Empty;
        var role = user.FindFirstValue("role") ?? string.Empty;
        if (role is Roles.Bureau or Roles.Maintenance)
        {
            return new UserScope(username, role, null, new HashSet<string>());
        }

        var cells = registry.Cells.Values
            .Where(c => role == Roles.Inspector ? c.Inspector == username : c.Chain.Contains(username))
            .Select(c => c.Id)
            .ToHashSet(StringComparer.Ordinal);
        var sites = registry.Sites.Values.Where(s => s.ResponsibleChief == username).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var gaps = sites.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal)
            : registry.Cells.Values.Where(c => c.IsGap && !cells.Contains(c.Id)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return new UserScope(username, role, cells.Union(gaps).ToHashSet(StringComparer.Ordinal), sites) { GapCellIds = gaps };
    }

    /// <summary>The list filter for this person.</summary>
    public AlertQuery Filter(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query with { VisibleCellIds = VisibleCellIds, Username = Username, ChiefOfSiteIds = ChiefOfSiteIds };
    }

    /// <summary>True when the user may see the alert.</summary>
    public bool CanSee(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return SeesAll || Answers(alert) || alert.EscalatedTo.Contains(Username);
    }

    /// <summary>
    /// True when the user may acknowledge, resolve or hand on the alert: the bureau; its inspector or a chief up the
    /// chain; anyone it was escalated or handed to, except an inspector with another cell's drill.
    /// </summary>
    public bool CanAct(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (Role == Roles.Bureau)
        {
            return true;
        }

        if (Role == Roles.Maintenance || SeesAll)
        {
            return false;
        }

        return Answers(alert) || (alert.EscalatedTo.Contains(Username) && !(alert.Drill && Role == Roles.Inspector));
    }

    // Their own cell (or a cell of their chain), or a cell-less alert of a site they are the responsible chief of.
    // A cell nobody inspects counts as cell-less: its site's responsible chief answers.
    private bool Answers(Alert alert) =>
        alert.CellId is { } cell && !GapCellIds.Contains(cell) ? VisibleCellIds!.Contains(cell) : ChiefOfSiteIds.Contains(alert.SiteId);
}
