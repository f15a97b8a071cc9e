using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Storage.Influx;
using OpenTelemetry.Metrics;

namespace Linzi.Heritage.Server.Metrics;

/// <summary>
/// OpenTelemetry metrics with a Prometheus scraping endpoint at <c>/metrics</c>: ingestion counters, the journal
/// backlog, InfluxDB writes and the circuit state, plus ASP.NET Core's and the runtime's own meters.
/// </summary>
public static class MetricsExtensions
{
    /// <summary>Adds the metrics pipeline.</summary>
    public static IHostApplicationBuilder AddHeritageMetrics(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestionStats.MeterName, InfluxWriteMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter());
        return builder;
    }
}
