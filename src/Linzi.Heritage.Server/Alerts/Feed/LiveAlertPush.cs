using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Monitoring;
using Microsoft.AspNetCore.SignalR;
using Linzi.Heritage.Ingestion.Hosting;

namespace Linzi.Heritage.Server.Alerts.Feed;

/// <summary>
/// Feed consumer <c>live</c>: pushes each change over SignalR to the groups allowed to see it (<c>AlertRaised</c>,
/// <c>AlertUpdated</c>) and each notice to its person and the bureau (<c>AlertNotice</c>). Without a backplane it
/// runs on every instance, for that instance's connections, and its checkpoint is not kept across restarts: every
/// connection is new then and catches up with <c>afterSeq</c>. With the Redis backplane (<see cref="HubScaleOut"/>)
/// one send reaches every instance's connections, so it runs on the one instance holding its lease, with a kept
/// checkpoint, so that the instance taking over from a crashed one pushes what that one had not.
/// </summary>
public sealed class LiveAlertPush(
    IAlertFeed feed,
    AlertLedger ledger,
    IHubContext<MonitorHub, IMonitorClient> hub,
    RegistryHolder registry,
    HubScaleOut scaleOut,
    TimeProvider time,
    LeaseKeeper leases,
    ILogger<LiveAlertPush> logger)
    : AlertFeedConsumer(feed, ledger, time, leases, logger)
{
    /// <inheritdoc />
    public override string Name => "live";

    /// <inheritdoc />
    public override bool Persistent => scaleOut.Enabled;

    /// <inheritdoc />
    /// <remarks>
    /// Never pushed before (no checkpoint yet, as when the backplane is first turned on): from the head, not the whole
    /// retained feed; connections catch up with <c>afterSeq</c>.
    /// </remarks>
    protected override long LoadCheckpoint() => Persistent && Feed.Checkpoint(Name) is var saved and > 0 ? saved : Feed.LastPosition();

    /// <inheritdoc />
    protected override async Task ProcessAsync(IReadOnlyList<AlertChange> batch, CancellationToken cancellationToken)
    {
        foreach (var (_, alert, push, notice) in batch)
        {
            var dto = alert.AsDto();
            switch (push)
            {
                case AlertPush.Raised:
                    await Audience(alert).AlertRaised(dto);
                    break;
                case AlertPush.Updated:
                    await Audience(alert).AlertUpdated(dto);
                    break;
            }

            if (notice is not null)
            {
                var noticeDto = new AlertNoticeDto(notice.Kind, dto, notice.To);
                await (notice.To is { } to
                    ? hub.Clients.Groups(MonitorHub.AllGroup, MonitorHub.UserGroup(to)).AlertNotice(noticeDto)
                    : hub.Clients.Group(MonitorHub.AllGroup).AlertNotice(noticeDto));
            }
        }
    }

    private IMonitorClient Audience(Alert alert) =>
        hub.Clients.Groups([MonitorHub.AllGroup, .. AlertRouting.People(alert, registry.Current).Select(MonitorHub.UserGroup)]);
}
