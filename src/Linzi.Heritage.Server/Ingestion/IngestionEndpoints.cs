using Linzi.Heritage.Ingestion.Backlog;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Ingestion.Rejections;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Storage.Influx;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Ingestion;

/// <summary>
/// Ingestion diagnostics for maintenance and the bureau: <c>GET /api/ingestion/stats</c> (counts, journal
/// backlog per consumer) and <c>GET /api/ingestion/rejected</c> (the newest refused payloads with reasons).
/// </summary>
public static class IngestionEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ingestion").RequireAuthorization(Policies.Provisioning);
        api.MapGet("/stats", Stats);
        api.MapGet("/rejected", Rejected);
        return app;
    }

    private static Ok<IngestionStatsDto> Stats(IServiceProvider services) => TypedResults.Ok(Collect(services));

    /// <summary>The counters as they stand now; also what the InfluxDB snapshot writes for Grafana.</summary>
    internal static IngestionStatsDto Collect(IServiceProvider services)
    {
        var stats = services.GetRequiredService<IngestionStats>();
        var journal = services.GetRequiredService<IReadingJournal>();
        var writer = services.GetRequiredService<TimeSeriesWriter>();
        var rules = services.GetRequiredService<RulesProcessor>();
        var last = journal.LastPosition;
        var consumers = new Dictionary<string, ConsumerDto>
        {
            [writer.Name] = new(writer.Position, Math.Max(0, last - writer.Position)),
            [rules.Name] = new(rules.Position, Math.Max(0, last - rules.Position)),
        };
        return new IngestionStatsDto(
            stats.Accepted, stats.Duplicates, stats.Gaps,
            services.GetRequiredService<RejectionLog>().CountsSinceStart.ToDictionary(), services.GetRequiredService<IRejectedStore>().Counts(),
            last, consumers, services.GetService<ParkedPointStore>()?.Count() ?? 0, stats.Refused,
            services.GetRequiredService<BacklogMonitor>().Current, services.GetRequiredService<RuleAlerts>().Limited);
    }

    private static Results<Ok<IReadOnlyList<RejectedPayload>>, ValidationProblem> Rejected(int? limit, IRejectedStore store)
    {
        if (limit is < 1 or > IRejectedStore.Keep)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Between 1 and {IRejectedStore.Keep}."] });
        }

        return TypedResults.Ok(store.Recent(limit ?? 100));
    }
}

/// <summary>
/// Ingestion counters since start, rejections since start and in total, the journal backlog, points InfluxDB refused
/// (parked), and new alerts flood control refused since start.
/// </summary>
public sealed record IngestionStatsDto(
    long Accepted,
    long Duplicates,
    long SequenceGaps,
    IReadOnlyDictionary<string, long> Rejected,
    IReadOnlyDictionary<string, long> RejectedTotal,
    long JournalPosition,
    IReadOnlyDictionary<string, ConsumerDto> Consumers,
    long ParkedPoints,
    long Refused,
    BacklogState Backlog,
    long AlertsLimited);

/// <summary>A journal consumer's checkpoint and how far it lags.</summary>
public sealed record ConsumerDto(long Position, long Backlog);
