using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Storage.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Alerts;

/// <summary>
/// Runs the heritage-chief escalation clock on a timer (<see cref="TimeProvider"/>): every
/// <see cref="EscalationOptions.CheckInterval"/> it applies the steps that are due. Deadlines come from the stored
/// history, so nothing is lost across a restart.
/// </summary>
public sealed class EscalationMonitor(
    AlertService alerts, RegistryHolder registry, TimeProvider time, IOptions<EscalationOptions> options, ILogger<EscalationMonitor> logger)
    : PeriodicService(time)
{
    private readonly EscalationTimeouts _timeouts = options.Value.ToTimeouts();

    /// <summary>Applies the steps due now.</summary>
    public Task<int> CheckAsync() => alerts.EscalateDueAsync(alert => AlertRouting.Chain(alert, registry.Current), _timeouts);

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.EscalationCheckFailed(exception);
}
