using Microsoft.Extensions.Hosting;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// At start-up, creates the database and sets its retention to <c>TimeSeries:RawRetention</c> where the server allows it
/// (InfluxDB 1.x; on 2.x and 3.x the bucket's retention is set with their own tools). Never blocks start-up: if InfluxDB is down, the
/// journal holds readings and the writer catches up once it is back (and <c>/readyz</c> says it is down).
/// </summary>
public sealed class InfluxBootstrapper(InfluxQueryReader reader, IOptions<TimeSeriesOptions> retention, ILogger<InfluxBootstrapper> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var created = await reader.TryCreateDatabaseAsync(cancellationToken);
            var retained = created && await reader.TrySetRetentionAsync(retention.Value.RawRetention, cancellationToken);
            logger.InfluxDatabaseEnsured(created, retained);
        }
        catch (HttpRequestException ex)
        {
            logger.InfluxUnreachableAtStart(ex);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
