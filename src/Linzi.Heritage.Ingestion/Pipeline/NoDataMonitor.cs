using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Judges silence on a timer: for every no-data rule and every device in its scope, raises (or upgrades) the alert
/// when the device has been silent too long, and clears it once the device is heard from again. A device not seen
/// since start counts as silent from the start, so a restart does not raise a storm at once. Single owner: with
/// several instances it runs on the one holding the lease, and judges from what every instance heard
/// (<see cref="IDeviceSightings"/>, recorded by each instance's <c>SightingsPublisher</c>).
/// </summary>
public sealed class NoDataMonitor(
    RegistryHolder registry,
    WorksHolder works,
    DeviceStatusTracker status,
    IDeviceSightings sightings,
    IRuleAlerts alerts,
    TimeProvider time,
    IOptions<RuleOptions> options,
    LeaseKeeper leases,
    ILogger<NoDataMonitor> logger) : PeriodicService(time, leases, SingleOwnerWork.NoData)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    /// <summary>Runs one check now.</summary>
    public async Task CheckAsync()
    {
        var snapshot = registry.Current;
        var now = Time.GetUtcNow();
        var heard = snapshot.RuleSet.NoData.Count > 0 ? sightings.All() : null;
        foreach (var rule in snapshot.RuleSet.NoData)
        {
            foreach (var device in snapshot.Devices.Values)
            {
                var context = snapshot.Context(device, null, null);
                if (!RuleScopes.InScope(rule.Scope, context))
                {
                    continue;
                }

                var (silentSince, heardSinceStart) = SilentSince(device.Id, heard!);
                if (NoDataJudge.Judge(rule, context, silentSince, now) is not { } match)
                {
                    // Cleared only on a real sign of life: an instance that took the sweep over (or restarted) counts
                    // an unheard device as silent only since its own start, which is no reason to clear its alert.
                    if (rule.AutoClear && heardSinceStart)
                    {
                        await alerts.ClearAsync(rule.Id, device.Drill ? RuleJudge.DrillSubject(device.Id) : device.Id, "heard from again");
                    }

                    continue;
                }

                if (works.Current.Find(rule, context, now) is { } suppression)
                {
                    works.Count(suppression, now);
                    logger.AlertSuppressed(rule.Id, device.Id, suppression.Kind, suppression.Id, suppression.Reason);
                }
                else if (rule.Schedule?.IsActive(now) ?? true)
                {
                    await alerts.RaiseAsync(
                        device.Drill ? match with { Drill = true, Subject = RuleJudge.DrillSubject(device.Id) } : match, context, now);
                }
            }
        }

        await alerts.FlushRepeatsAsync();
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.NoDataCheckInterval;

    // The latest sign of life this instance or another heard, and whether there was one. Another instance's counts
    // only from this one's start on: before it, this instance could not have heard the device either (a restart
    // raises no storm).
    private (DateTimeOffset Since, bool Heard) SilentSince(string deviceId, IReadOnlyDictionary<string, DateTimeOffset> heard)
    {
        var local = status.SilentSince(deviceId);
        if (heard.TryGetValue(deviceId, out var elsewhere) && elsewhere >= _startedAt && elsewhere > (local ?? DateTimeOffset.MinValue))
        {
            return (elsewhere, true);
        }

        return local is { } seen ? (seen, true) : (_startedAt, false);
    }

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.NoDataCheckFailed(exception);
}
