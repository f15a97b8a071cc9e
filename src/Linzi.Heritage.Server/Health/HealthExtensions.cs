using Linzi.Heritage.Storage.TimeSeries;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Linzi.Heritage.Server.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (broker and stores are ready).</summary>
public static class HealthExtensions
{
    private const string Ready = "ready";

    /// <summary>Registers the readiness checks.</summary>
    public static IHostApplicationBuilder AddHeritageHealth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<BrokerHealthCheck>("broker", tags: [Ready])
            .AddCheck<StoresHealthCheck>("stores", tags: [Ready])
            .AddCheck<FaultsHealthCheck>("faults", tags: [Ready]);
        if (builder.Configuration[$"{TimeSeriesOptions.SectionName}:Provider"] == TimeSeriesOptions.InfluxDb)
        {
            checks.AddCheck<InfluxHealthCheck>("influxdb", tags: [Ready]);
        }

        return builder;
    }

    /// <summary>Maps both endpoints (anonymous, as load balancers and systemd call them; <c>/readyz</c> details only for the signed-in).</summary>
    public static IEndpointRouteBuilder MapHeritageHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        return app;
    }

    // Anyone (a load balancer, systemd) learns whether the server is ready; only a signed-in user learns why, since
    // the descriptions name the broker's address and the journal's position.
    private static Task WriteReport(HttpContext context, HealthReport report) =>
        context.User.Identity?.IsAuthenticated == true
            ? context.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            })
            : context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() });
}
