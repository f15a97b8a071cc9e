using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Devices;

/// <summary>
/// Every instance, every <see cref="CoordinationOptions.SightingsInterval"/>: records in the shared state which devices
/// this instance heard from since the last round (<see cref="IDeviceSightings"/>), so the silent-device sweep, which
/// runs on one instance, judges from what every instance heard. Only what moved is written.
/// </summary>
public sealed class SightingsPublisher(
    DeviceStatusTracker status, IDeviceSightings sightings, TimeProvider time, IOptions<CoordinationOptions> options, ILogger<SightingsPublisher> logger)
    : PeriodicService(time)
{
    private readonly Dictionary<string, DateTimeOffset> _published = new(StringComparer.Ordinal);

    /// <summary>Records what moved since the last round; returns how many devices. Tests call this directly.</summary>
    public int PublishOnce()
    {
        var moved = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (deviceId, at) in status.SignsOfLife())
        {
            if (!_published.TryGetValue(deviceId, out var published) || at > published)
            {
                moved[deviceId] = at;
            }
        }

        sightings.Record(moved);
        foreach (var (deviceId, at) in moved)
        {
            _published[deviceId] = at;
        }

        return moved.Count;
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.SightingsInterval;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        PublishOnce();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.SightingsFailed(exception);
}
