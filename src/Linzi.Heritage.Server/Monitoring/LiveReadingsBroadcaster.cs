using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Ingestion.Pipeline;
using Microsoft.AspNetCore.SignalR;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// Sends <c>Readings</c> to every connected client (but those that called <c>StopReadings</c>) at most four times
/// a second, each device at most once per push (coalesced in <see cref="LiveReadings"/>), so a 50k readings/s stream
/// never floods a phone.
/// Concurrency: a single loop on a <see cref="PeriodicTimer"/>; a failed push is logged and the loop goes on.
/// </summary>
public sealed class LiveReadingsBroadcaster(
    LiveReadings live, IHubContext<MonitorHub, IMonitorClient> hub, TimeProvider time, ILogger<LiveReadingsBroadcaster> logger)
    : BackgroundService
{
    /// <summary>Time between pushes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Pushes what changed since the last push. Tests call this directly.</summary>
    internal async Task PushOnceAsync()
    {
        var changed = live.TakeChanged();
        if (changed.Count == 0)
        {
            return;
        }

        var batch = changed
            .Select(r => new LiveReadingDto(r.DeviceId, r.SiteId, r.Timestamp.ToUniversalTime(), r.Values.ToDictionary(v => v.Name, v => v.Value), r.Lat, r.Lon))
            .ToList();
        await hub.Clients.Group(MonitorHub.ReadingsGroup).Readings(batch);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PushOnceAsync();
                }
#pragma warning disable CA1031 // One failed push must not stop the live map.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.LivePushFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
