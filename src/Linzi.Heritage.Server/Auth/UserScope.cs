using System.Security.Claims;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// What a signed-in person may see and do, derived from the grid: inspectors their own cells, chiefs every cell
/// whose chain names them, the bureau and maintenance everything (maintenance may look but not act on alerts).
/// </summary>
public sealed record UserScope(string Username, string Role, IReadOnlySet<string>? VisibleCellIds)
{
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
            return new UserScope(username, role, null);
        }

        var cells = registry.Cells.Values
            .Where(c => role == Roles.Inspector ? c.Inspector == username : c.Chain.Contains(username))
            .Select(c => c.Id)
            .ToHashSet(StringComparer.Ordinal);
        return new UserScope(username, role, cells);
    }

    /// <summary>True when the user may see the alert.</summary>
    public bool CanSee(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return SeesAll || (alert.CellId is not null && VisibleCellIds!.Contains(alert.CellId));
    }

    /// <summary>True when the user may acknowledge or resolve the alert: the bureau, or its inspector or a chief up the chain.</summary>
    public bool CanAct(Alert alert) => Role == Roles.Bureau || (Role != Roles.Maintenance && !SeesAll && CanSee(alert));
}
