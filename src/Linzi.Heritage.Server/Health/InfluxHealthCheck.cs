using Linzi.Heritage.Storage.Influx;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linzi.Heritage.Server.Health;

/// <summary>
/// InfluxDB answers its ping. Down means degraded, not unready: ingestion goes on into the journal and the writer
/// catches up, so load balancers should keep sending devices here.
/// </summary>
public sealed class InfluxHealthCheck(InfluxQueryReader reader) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await reader.PingAsync(cancellationToken)
                ? HealthCheckResult.Healthy("InfluxDB answers")
                : HealthCheckResult.Degraded("InfluxDB answers with an error; readings wait in the journal");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Degraded("InfluxDB is unreachable; readings wait in the journal", ex);
        }
    }
}
