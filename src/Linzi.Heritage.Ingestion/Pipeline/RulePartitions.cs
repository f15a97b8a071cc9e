using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>
/// The judges of the shared rule inbox's partitions (<see cref="RulePartitionConsumer"/>), one per partition, each
/// running only while this instance holds its lease. None where there is no shared inbox (one instance on the
/// embedded store): there <see cref="RulesProcessor"/> judges every reading itself.
/// </summary>
public sealed class RulePartitions(IServiceProvider services, IOptions<CoordinationOptions> options) : IHostedService, IDisposable
{
    private readonly IReadOnlyList<RulePartitionConsumer> _consumers = services.GetService<IRuleInbox>() is null
        ? []
        : [.. Enumerable.Range(0, options.Value.RulePartitions)
            .Select(p => ActivatorUtilities.CreateInstance<RulePartitionConsumer>(services, p, services.GetRequiredService<RuleJudge>()))];

    /// <summary>One consumer per partition; empty without a shared inbox.</summary>
    public IReadOnlyList<RulePartitionConsumer> Consumers => _consumers;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var consumer in _consumers)
        {
            await consumer.StartAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(_consumers.Select(c => c.StopAsync(cancellationToken)));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var consumer in _consumers)
        {
            consumer.Dispose();
        }
    }
}
