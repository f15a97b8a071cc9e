using Linzi.Heritage.Ingestion.Health;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linzi.Heritage.Server.Health;

/// <summary>The broker accepts connections.</summary>
public sealed class BrokerHealthCheck(IBrokerEdge broker) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsRunning ? HealthCheckResult.Healthy(broker.Description) : HealthCheckResult.Unhealthy(broker.Description + " is not connected"));
}

/// <summary>
/// The journal's writer loop runs and the state stores answer, asked through their ports. (InfluxDB, when it is the
/// time-series store, has a check of its own.)
/// </summary>
public sealed class StoresHealthCheck(IReadingJournal journal, IAlertStore alerts, IRegistryStore registry) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!journal.IsRunning)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("journal writer is not running"));
        }

        var position = journal.LastPosition;
        _ = journal.ReceivedAt(position); // a query of the file: ReadAfter may answer from memory
        _ = alerts.MaxSequence();
        _ = registry.IsEmpty();
        return Task.FromResult(HealthCheckResult.Healthy($"journal at position {position}; stores answer"));
    }
}

/// <summary>
/// No fault stops ingestion or a journal consumer (a full data disk, a consumer that keeps failing): without this,
/// readiness stayed Healthy while the journal refused every reading and only the log said why.
/// </summary>
public sealed class FaultsHealthCheck(FaultMonitor faults) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var active = faults.Collect();
        return Task.FromResult(active.Count == 0
            ? HealthCheckResult.Healthy("no fault")
            : HealthCheckResult.Unhealthy(string.Join("; ", active.Select(f => $"{f.Key}: {f.Value}"))));
    }
}
