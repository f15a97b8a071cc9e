using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Decoding;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Readings;

/// <summary><c>GET /api/devices/{id}/readings?metric=&amp;from=&amp;to=&amp;every=</c>: history, raw or downsampled.</summary>
public static class ReadingEndpoints
{
    /// <summary>How far back history goes when <c>from</c> is not given.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(24);

    /// <summary>Maps the history endpoint (any signed-in user).</summary>
    public static IEndpointRouteBuilder MapReadingApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/devices/{id}/readings", GetHistory).RequireAuthorization(Policies.SignedIn);
        return app;
    }

    private static async Task<Results<Ok<HistoryResponse>, ValidationProblem, NotFound>> GetHistory(
        string id, string? metric, string? from, string? to, string? every,
        RegistryHolder registry, ITimeSeriesStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!registry.Current.Devices.ContainsKey(id) && !registry.Current.Decommissioned.ContainsKey(id))
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (metric is not null && !MetricName.IsValid(metric))
        {
            errors["metric"] = ["Must match ^[a-z][a-z0-9_]{0,63}$."];
        }

        // Without 'to', include readings stamped up to the 5 minutes ahead that devices' clocks may run.
        var end = ParseTime(to, "to", errors) ?? time.GetUtcNow() + TelemetryDecoder.MaxFutureSkew;
        var start = ParseTime(from, "from", errors) ?? time.GetUtcNow() - DefaultRange;
        if (start >= end && !errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            errors["from"] = ["Must be before 'to'."];
        }

        TimeSpan? bucket = null;
        if (every is not null)
        {
            if (Durations.TryParse(every, out var parsed) && parsed >= TimeSpan.FromSeconds(1))
            {
                bucket = parsed;
            }
            else
            {
                errors["every"] = ["A duration such as 30s, 5m, 1h or 1d (at least 1s)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var points = await store.QueryAsync(new HistoryQuery(id, metric, start, end, bucket), cancellationToken);
        return TypedResults.Ok(new HistoryResponse(id, metric, start, end, every, points));
    }

    private static DateTimeOffset? ParseTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[field] = ["An RFC 3339 timestamp, such as 2026-11-26T14:03:05Z."];
        return null;
    }
}

/// <summary>The answer of the history endpoint. Downsampled points are bucket means with min, max and count.</summary>
public sealed record HistoryResponse(
    string DeviceId, string? Metric, DateTimeOffset From, DateTimeOffset To, string? Every, IReadOnlyList<SeriesPoint> Points);
