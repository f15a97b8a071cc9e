using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Statistics;

/// <summary>
/// <c>GET /api/stats/response?from=&amp;to=&amp;drill=</c> (bureau): accountability per cell, grid inspector and chief:
/// times to acknowledge and resolve (median, p90), escalations, overdue open alerts and dispositions. Drills are
/// scored separately (<c>drill=true</c>) and never mixed into real figures.
/// </summary>
public static class StatisticsEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats/response", Response).RequireAuthorization(Policies.Bureau);
        return app;
    }

    private static Results<Ok<ResponseReport>, ValidationProblem> Response(
        DateTimeOffset? from, DateTimeOffset? to, bool? drill, IAlertStore store, RegistryHolder registry,
        IOptions<EscalationOptions> escalation, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        if (start >= end || end - start > TimeSpan.FromDays(366))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to, at most a year apart."] });
        }

        var snapshot = registry.Current;
        var alerts = store.WithEvents(start, end, drill ?? false);
        var clockStarts = alerts
            .Where(a => a.Alert.IsActive)
            .ToDictionary(
                a => a.Alert.Id,
                a => a.Events.LastOrDefault(e => Escalation.ClockEvents.Contains(e.Type))?.At,
                StringComparer.Ordinal);
        return TypedResults.Ok(ResponseStatistics.Compute(
            alerts, a => AlertRouting.Chain(a, snapshot), a => clockStarts.GetValueOrDefault(a.Id), escalation.Value.ToTimeouts(), now));
    }
}
