using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Evaluation;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// Judges silence on a timer: for every no-data rule and every device in its scope, raises (or upgrades) the alert
/// when the device has been silent too long, and clears it once the device is heard from again. A device not seen
/// since start counts as silent from the start, so a restart does not raise a storm at once.
/// </summary>
public sealed class NoDataMonitor(
    RegistryHolder registry,
    WorksHolder works,
    DeviceStatusTracker status,
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
        foreach (var rule in snapshot.RuleSet.NoData)
        {
            foreach (var device in snapshot.Devices.Values)
            {
                var context = snapshot.Context(device, null, null);
                if (!RuleScopes.InScope(rule.Scope, context))
                {
                    continue;
                }

                var silentSince = status.SilentSince(device.Id) ?? _startedAt;
                if (NoDataJudge.Judge(rule, context, silentSince, now) is not { } match)
                {
                    if (rule.AutoClear)
                    {
                        await alerts.ClearAsync(rule.Id, device.Drill ? RulesProcessor.DrillSubject(device.Id) : device.Id, "heard from again");
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
                        device.Drill ? match with { Drill = true, Subject = RulesProcessor.DrillSubject(device.Id) } : match, context, now);
                }
            }
        }

        await alerts.FlushRepeatsAsync();
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.NoDataCheckInterval;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.NoDataCheckFailed(exception);
}
