using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Domain.Alerts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// <c>/hubs/monitor</c>. On connect, the bureau and maintenance join the <see cref="AllGroup"/>, everyone else their
/// own <see cref="UserGroup"/>; the notifier addresses an alert to the people who answer for it (the cell's chain, the
/// site's chief, whoever it was escalated to). The group is chosen here, on the server, from the signed token, so a
/// client cannot listen to a cell it does not own.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class MonitorHub(RegistryHolder registry, IAlertStore alerts) : Hub<IMonitorClient>
{
    /// <summary>Group of connections that see every alert.</summary>
    public const string AllGroup = "all";

    /// <summary>Connections that receive <c>Readings</c>: every connection, until it calls <see cref="StopReadings"/>.</summary>
    public const string ReadingsGroup = "readings";

    /// <summary>The group of one person's connections.</summary>
    public static string UserGroup(string username) => "user:" + username;

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        var scope = UserScope.For(Context.User!, registry.Current);

        // One group per connection, so a person in several audiences (a chief whose cell alert was also escalated
        // to them) gets each message once.
        await Groups.AddToGroupAsync(Context.ConnectionId, scope.SeesAll ? AllGroup : UserGroup(scope.Username));
        await Groups.AddToGroupAsync(Context.ConnectionId, ReadingsGroup);
        await base.OnConnectedAsync();
    }

    /// <summary>
    /// This connection needs no <c>Readings</c> (the inspector's phone page, which has no live map and may be on a
    /// slow link); alerts and statuses still come.
    /// </summary>
    public Task StopReadings() => Groups.RemoveFromGroupAsync(Context.ConnectionId, ReadingsGroup);

    /// <summary>
    /// Catch-up after a reconnect: the alerts this person may see that changed after <paramref name="sequence"/>,
    /// oldest first. SignalR does not guarantee delivery, so clients reconcile with this.
    /// </summary>
    public IReadOnlyList<AlertDto> GetAlertsSince(long sequence)
    {
        var scope = UserScope.For(Context.User!, registry.Current);
        return [.. alerts.Query(scope.Filter(new AlertQuery(SinceSequence: sequence, Limit: 1000)))
            .Where(scope.CanSee)
            .OrderBy(a => a.Sequence)
            .Select(a => a.AsDto())];
    }
}
