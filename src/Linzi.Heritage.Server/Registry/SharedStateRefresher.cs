using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Auth;

namespace Linzi.Heritage.Server.Registry;

/// <summary>
/// Keeps this instance in step with the others on one shared state store (<see cref="IStateChanges"/>): reloads the
/// registry snapshot when another instance changed the registry, the works windows when it changed those, and wakes
/// this instance's alert feed consumers when it committed alerts (so an alert raised through one instance is pushed
/// to the phones connected to every other at once, not at their next poll), and closes the tokens and hub connections
/// of accounts changed or sign-ins ended through another instance. With the embedded store nothing comes.
/// </summary>
public sealed class SharedStateRefresher(
    IStateChanges changes,
    IRegistryStore registryStore,
    RegistryHolder registry,
    IWorksStore worksStore,
    WorksHolder works,
    AlertLedger ledger,
    SessionValidator sessions,
    HubSessions hubs,
    ILogger<SharedStateRefresher> logger) : BackgroundService
{
    /// <summary>Reloads the registry snapshot from the store.</summary>
    public void ReloadRegistry() => registry.Set(registryStore.Load().ToSnapshot());

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        FollowAsync(StateTopics.Registry, ReloadRegistry, stoppingToken),
        FollowAsync(StateTopics.Works, () => works.Update(_ => worksStore.Load()), stoppingToken),
        FollowAsync(StateTopics.Alerts, ledger.WakeFollowers, stoppingToken),
        FollowAsync(StateTopics.Accounts, CloseWhatNoLongerStands, stoppingToken));

    // Another instance disabled or changed an account, or ended a sign-in: its tokens and hub connections stop here too.
    private void CloseWhatNoLongerStands()
    {
        sessions.ForgetAll();
        hubs.AbortStale();
    }

    private async Task FollowAsync(string topic, Action reload, CancellationToken stoppingToken)
    {
        var signal = changes.Subscribe(topic);
        try
        {
            while (await signal.WaitToReadAsync(stoppingToken))
            {
                signal.TryRead(out _);
                try
                {
                    reload();
                }
#pragma warning disable CA1031 // A failed reload (the database away) is logged; the next change or reconnect reloads again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.SharedStateReloadFailed(ex, topic);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
