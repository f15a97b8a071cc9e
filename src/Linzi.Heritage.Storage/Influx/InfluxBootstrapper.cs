using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// At start-up, creates the database when the server allows it. Never blocks start-up: if InfluxDB is down, the
/// journal holds readings and the writer catches up once it is back (and <c>/readyz</c> says it is down).
/// </summary>
public sealed class InfluxBootstrapper(InfluxQueryReader reader, ILogger<InfluxBootstrapper> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var created = await reader.TryCreateDatabaseAsync(cancellationToken);
            logger.InfluxDatabaseEnsured(created);
        }
        catch (HttpRequestException ex)
        {
            logger.InfluxUnreachableAtStart(ex);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
