using System.Collections.Concurrent;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Devices;

/// <summary>
/// Online state, last-seen time and firmware of each device, from broker connects and disconnects, the retained
/// status topic and readings. In memory: after a restart every device is offline until it reconnects, which is the
/// truth. Thread-safe.
/// </summary>
public sealed class DeviceStatusTracker(IDeviceStatusNotifier notifier, TimeProvider time, ILogger<DeviceStatusTracker> logger)
{
    private readonly ConcurrentDictionary<string, DeviceStatus> _devices = new(StringComparer.Ordinal);

    /// <summary>The status of a device, if it was ever seen since start.</summary>
    public DeviceStatus? Get(string deviceId) => _devices.GetValueOrDefault(deviceId);

    /// <summary>
    /// The last sign of life of a device: its latest reading, or the moment it went offline (a last will or a
    /// disconnect) when that came later. Null when it was not seen since start.
    /// </summary>
    public DateTimeOffset? SilentSince(string deviceId) => _devices.GetValueOrDefault(deviceId) switch
    {
        null => null,
        { Online: false, LastSeen: { } seen, Since: var since } when since > seen => since,
        var status => status.LastSeen ?? status.Since,
    };

    /// <summary>Every device's last sign of life (<see cref="SilentSince"/>), for the other instances (<c>SightingsPublisher</c>).</summary>
    public IEnumerable<(string DeviceId, DateTimeOffset At)> SignsOfLife()
    {
        foreach (var id in _devices.Keys)
        {
            if (SilentSince(id) is { } at)
            {
                yield return (id, at);
            }
        }
    }

    /// <summary>Records a connect, disconnect or status message and tells clients when the state flipped.</summary>
    public async Task SetOnlineAsync(string deviceId, string siteId, bool online, string? firmware = null)
    {
        var now = time.GetUtcNow();
        var changed = false;
        var status = _devices.AddOrUpdate(
            deviceId,
            _ =>
            {
                changed = true;
                return new DeviceStatus(deviceId, siteId, online, now, online ? now : null, firmware);
            },
            (_, old) =>
            {
                changed = old.Online != online;
                return old with
                {
                    Online = online,
                    Since = changed ? now : old.Since,
                    LastSeen = online ? now : old.LastSeen,
                    Firmware = firmware ?? old.Firmware,
                };
            });

        if (changed)
        {
            try
            {
                await notifier.DeviceStatusAsync(status);
            }
#pragma warning disable CA1031 // A failed push must not break the broker's event handler.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.NotifyFailed(ex);
            }
        }
    }

    /// <summary>Notes that a reading arrived (called downstream of the journal, so it never slows ingestion).</summary>
    public void Seen(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        // Static lambdas with the reading as their argument: lambdas that captured it cost a closure and two delegates
        // per reading.
        _devices.AddOrUpdate(
            reading.DeviceId,
            static (_, r) => new DeviceStatus(r.DeviceId, r.SiteId, false, r.Timestamp, r.Timestamp, null),
            static (_, old, r) => old.LastSeen is { } seen && seen >= r.Timestamp ? old : old with { LastSeen = r.Timestamp },
            reading);
    }
}
