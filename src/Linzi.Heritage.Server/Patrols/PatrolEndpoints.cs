using System.Globalization;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// <c>/api/patrols</c>: an inspector starts a patrol, the phone adds positions while it runs, and the inspector ends it.
/// The patrol, its visits and its track are visible to the inspector, the chiefs of the inspector's cells and the
/// bureau only (location is personal data).
/// </summary>
public static class PatrolEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapPatrolApi(this IEndpointRouteBuilder app)
    {
        var patrols = app.MapGroup("/api/patrols").RequireAuthorization(Policies.Supervision);
        patrols.MapPost("/", Start).RequireAuthorization(Policies.Inspector);
        // A batch is bounded by its count, but the count is only known once the body is read: the body is bounded too.
        var batch = app.ServiceProvider.GetRequiredService<IOptions<PatrolOptions>>().Value.MaxPositionsPerRequest;
        patrols.MapPost("/{id}/positions", AddPositions).RequireAuthorization(Policies.Inspector)
            .WithMetadata(new BodySizeLimit(Math.Max(64 * 1024, batch * BytesPerPosition)));
        patrols.MapPost("/{id}/end", End).RequireAuthorization(Policies.Inspector);
        patrols.MapGet("/current", Current).RequireAuthorization(Policies.Inspector);
        patrols.MapGet("/{id}", Get);
        patrols.MapGet("/{id}/track", Track);
        return app;
    }

    /// <summary>
    /// Room for one position in a batch's body: <c>{"ts":"2026-11-27T09:00:00.000+08:00","lat":36.8755123456,
    /// "lon":118.3495123456,"accuracyM":12.5}</c> takes about 100 bytes, and indented JSON more.
    /// </summary>
    public const int BytesPerPosition = 256;

    private sealed class BodySizeLimit(long bytes) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }

    private static Results<Created<PatrolDto>, Ok<PatrolDto>> Start(PatrolRecorder recorder, HttpContext http)
    {
        var (patrol, created) = recorder.Start(http.Actor());
        var dto = recorder.View(patrol);
        return created ? TypedResults.Created($"/api/patrols/{patrol.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Results<Ok<PositionsResultDto>, ValidationProblem, NotFound, ForbidHttpResult, ProblemHttpResult>> AddPositions(
        string id, IReadOnlyList<PositionDto?>? body, PatrolRecorder recorder, IOptions<PatrolOptions> options, HttpContext http)
    {
        var positions = Validate(body, options.Value.MaxPositionsPerRequest, out var errors);
        if (positions is null)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var (outcome, result) = await recorder.AddAsync(id, http.Actor(), positions);
        return outcome switch
        {
            PatrolOutcome.NotFound => TypedResults.NotFound(),
            PatrolOutcome.NotYours => TypedResults.Forbid(),
            PatrolOutcome.Ended => TypedResults.Problem(
                detail: $"Patrol {id} has ended: start a new one to share positions again.", statusCode: StatusCodes.Status409Conflict, title: "Patrol ended"),
            _ => TypedResults.Ok(new PositionsResultDto(
                result!.Accepted.Count, [.. result.Rejected.Select(r => new RefusalDto(r.Position.Ts, r.Reason))], recorder.View(result.Patrol),
                positions.Count - result.Accepted.Count - result.Rejected.Count)),
        };
    }

    private static Results<Ok<PatrolDto>, NotFound, ForbidHttpResult> End(string id, PatrolRecorder recorder, HttpContext http)
    {
        var (outcome, patrol) = recorder.End(id, http.Actor());
        return outcome switch
        {
            PatrolOutcome.NotFound => TypedResults.NotFound(),
            PatrolOutcome.NotYours => TypedResults.Forbid(),
            _ => TypedResults.Ok(recorder.View(patrol!)),
        };
    }

    // The caller's running patrol, so that a phone page opened again picks it up; 404 when none runs.
    private static Results<Ok<PatrolDto>, NotFound> Current(IPatrolStore store, PatrolRecorder recorder, HttpContext http) =>
        store.Running(http.Actor()) is { } running ? TypedResults.Ok(recorder.View(running.Patrol)) : TypedResults.NotFound();

    private static Results<Ok<PatrolDto>, NotFound, ForbidHttpResult> Get(string id, IPatrolStore store, RegistryHolder registry, PatrolRecorder recorder, HttpContext http)
    {
        if (store.Find(id) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        return MaySee(http, stored.Patrol, registry.Current) ? TypedResults.Ok(recorder.View(stored.Patrol)) : TypedResults.Forbid();
    }

    private static Results<Ok<IReadOnlyList<TrackPointDto>>, NotFound, ForbidHttpResult> Track(string id, IPatrolStore store, RegistryHolder registry, HttpContext http)
    {
        if (store.Find(id) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        if (!MaySee(http, stored.Patrol, registry.Current))
        {
            return TypedResults.Forbid();
        }

        IReadOnlyList<TrackPointDto> track = [.. store.Track(id).Select(p => new TrackPointDto(p.Position.Ts, p.Position.Lat, p.Position.Lon, p.Position.AccuracyM, p.Rejected))];
        return TypedResults.Ok(track);
    }

    /// <summary>The inspector themself, a chief of one of the inspector's cells, or the bureau.</summary>
    internal static bool MaySee(HttpContext http, Patrol patrol, RegistrySnapshot registry)
    {
        var user = http.Actor();
        return http.User.IsInRole(Roles.Bureau) || patrol.Inspector == user
            || (http.User.IsInRole(Roles.Chief) && registry.Cells.Values.Any(c => c.Inspector == patrol.Inspector && c.Chiefs.Contains(user)));
    }

    private static List<PatrolPosition>? Validate(IReadOnlyList<PositionDto?>? body, int max, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        if (body is null)
        {
            errors.Add("body", "A JSON array of positions [{\"ts\",\"lat\",\"lon\",\"accuracyM\"}] is required.");
            return null;
        }

        if (body.Count > max)
        {
            errors.Add("body", string.Create(CultureInfo.InvariantCulture, $"At most {max} positions per request; send the rest in another."));
            return null;
        }

        var positions = new List<PatrolPosition>(body.Count);
        for (var i = 0; i < body.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"[{i}]");
            if (body[i] is not { } p)
            {
                errors.Add(field, "A position object is required.");
                continue;
            }

            if (p.Ts is null)
            {
                errors.Add($"{field}.ts", "An RFC 3339 time is required.");
            }

            if (p.Lat is not (>= -90 and <= 90))
            {
                errors.Add($"{field}.lat", "A latitude between -90 and 90 is required.");
            }

            if (p.Lon is not (>= -180 and <= 180))
            {
                errors.Add($"{field}.lon", "A longitude between -180 and 180 is required.");
            }

            if (p.AccuracyM is { } accuracy && !(accuracy >= 0 && double.IsFinite(accuracy)))
            {
                errors.Add($"{field}.accuracyM", "Accuracy is a distance in metres, 0 or more.");
            }

            if (errors.IsEmpty)
            {
                positions.Add(new PatrolPosition(p.Ts!.Value, p.Lat!.Value, p.Lon!.Value, p.AccuracyM));
            }
        }

        return errors.IsEmpty ? positions : null;
    }
}
