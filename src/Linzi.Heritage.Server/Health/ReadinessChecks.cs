using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linzi.Heritage.Server.Health;

/// <summary>The broker accepts connections.</summary>
public sealed class BrokerHealthCheck(IBrokerEdge broker) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsRunning ? HealthCheckResult.Healthy(broker.Description) : HealthCheckResult.Unhealthy(broker.Description + " is not connected"));
}

/// <summary>The journal's writer loop runs and the SQLite files answer.</summary>
public sealed class StoresHealthCheck(SqliteJournal journal, DataFiles files) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (journal.ExecuteTask is not { IsCompleted: false })
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("journal writer is not running"));
        }

        foreach (var database in new[] { files.State, files.Journal, files.TimeSeries })
        {
            using var connection = database.Open();
            using var command = SqliteDatabase.Command(connection, "SELECT 1");
            command.ExecuteScalar();
        }

        return Task.FromResult(HealthCheckResult.Healthy($"journal at position {journal.LastPosition}; SQLite stores answer"));
    }
}
