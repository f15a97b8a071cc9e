using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Microsoft.Extensions.Hosting;
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
    : BackgroundService
{
    private readonly EscalationTimeouts _timeouts = options.Value.ToTimeouts();

    /// <summary>Applies the steps due now.</summary>
    public Task<int> CheckAsync() => alerts.EscalateDueAsync(alert => AlertRouting.Chain(alert, registry.Current), _timeouts);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync();
                }
#pragma warning disable CA1031 // One failed check must not stop the clock.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    logger.EscalationCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
