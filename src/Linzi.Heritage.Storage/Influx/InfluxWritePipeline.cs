using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// The one resilience pipeline for InfluxDB writes, built once by name: retry (exponential with jitter, honouring
/// Retry-After) around a circuit breaker around a per-attempt timeout. Only transient faults count: a poison point is
/// not InfluxDB being down, so it neither retries nor opens the circuit.
/// </summary>
public static class InfluxWritePipeline
{
    /// <summary>The pipeline's name.</summary>
    public const string Name = "influx-write";

    /// <summary>Registers the pipeline.</summary>
    public static IServiceCollection AddInfluxWritePipeline(this IServiceCollection services, TimeSpan attemptTimeout) =>
        services.AddResiliencePipeline(Name, (builder, context) =>
            Configure(builder, attemptTimeout, context.ServiceProvider.GetRequiredService<InfluxWriteMetrics>()));

    /// <summary>The settings, separate so tests can inspect them.</summary>
    public static void Configure(ResiliencePipelineBuilder builder, TimeSpan attemptTimeout, InfluxWriteMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(builder);
        var transient = new PredicateBuilder()
            .Handle<InfluxWriteException>(e => e.IsTransient)
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>();

        builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxRetryAttempts = 5,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = _ =>
                {
                    metrics.Failed();
                    return ValueTask.CompletedTask;
                },
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is InfluxWriteException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(5),
                StateProvider = metrics.Circuit,
            })
            .AddTimeout(attemptTimeout);
    }
}
