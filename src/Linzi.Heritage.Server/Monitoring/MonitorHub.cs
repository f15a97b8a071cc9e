using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Storage.Alerts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// <c>/hubs/monitor</c>. On connect, a person joins the groups their grid scope allows: the bureau and maintenance
/// the <see cref="AllGroup"/>, inspectors and chiefs one group per cell they answer for. Groups only route; the
/// scope is computed here, on the server, from the signed token, so a client cannot join a cell it does not own.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class MonitorHub(RegistryHolder registry, SqliteAlertStore alerts) : Hub<IMonitorClient>
{
    /// <summary>Group of connections that see every alert.</summary>
    public const string AllGroup = "all";

    /// <summary>The group of one grid cell.</summary>
    public static string CellGroup(string cellId) => "cell:" + cellId;

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        var scope = UserScope.For(Context.User!, registry.Current);
        if (scope.SeesAll)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);
        }
        else
        {
            foreach (var cellId in scope.VisibleCellIds!)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, CellGroup(cellId));
            }
        }

        await base.OnConnectedAsync();
    }

    /// <summary>
    /// Catch-up after a reconnect: the alerts this person may see that changed after <paramref name="sequence"/>,
    /// oldest first. SignalR does not guarantee delivery, so clients reconcile with this.
    /// </summary>
    public IReadOnlyList<AlertDto> GetAlertsSince(long sequence)
    {
        var scope = UserScope.For(Context.User!, registry.Current);
        return [.. alerts.Query(new AlertQuery(VisibleCellIds: scope.VisibleCellIds, SinceSequence: sequence, Limit: 1000))
            .OrderBy(a => a.Sequence)
            .Select(a => a.AsDto())];
    }
}
