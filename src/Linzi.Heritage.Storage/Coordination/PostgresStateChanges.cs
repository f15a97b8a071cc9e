using System.Threading.Channels;
using Linzi.Heritage.Domain.Coordination;
using Linzi.Heritage.Domain.Feeds;
using Linzi.Heritage.Storage.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Linzi.Heritage.Storage.Coordination;

/// <summary>
/// <see cref="IStateChanges"/> over PostgreSQL <c>LISTEN/NOTIFY</c>: triggers on the shared tables (migration 10)
/// notify <see cref="Channel"/> with the topic when a transaction that changed them commits, and this service listens
/// on a connection of its own. After a (re)connect every topic is woken once, since notifications sent while the
/// listener was away are lost.
/// </summary>
public sealed class PostgresStateChanges(PostgresDatabase database, TimeProvider time, ILogger<PostgresStateChanges> logger)
    : BackgroundService, IStateChanges
{
    /// <summary>The notification channel the triggers use.</summary>
    public const string Channel = "heritage_changes";

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, CommitSignal> _signals = StateTopics.All.ToDictionary(t => t, _ => new CommitSignal(), StringComparer.Ordinal);

    /// <inheritdoc />
    /// <remarks>
    /// The first wait returns at once: what changed between a subscriber's start-up load and its subscription (or
    /// before this listener connected) is unknown, so it looks once.
    /// </remarks>
    public ChannelReader<bool> Subscribe(string topic) => _signals[topic].Subscribe(wakeAtOnce: true);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = database.Open();
                connection.Notification += (_, e) => Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                foreach (var signal in _signals.Values)
                {
                    signal.Notify();
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken))
                    {
                        // Quiet for a while: a query proves the connection still stands (a half-open one, after a
                        // failover or a NAT timeout, fails here and is opened again, with every topic woken).
                        await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 10 };
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
            {
                logger.StateChangesListenerFailed(ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Wake(string topic)
    {
        if (_signals.TryGetValue(topic, out var signal))
        {
            signal.Notify();
        }
    }
}
