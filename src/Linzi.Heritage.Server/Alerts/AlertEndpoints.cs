using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// <c>/api/alerts</c>: list (inspectors see only their cells), detail with history, acknowledge and resolve
/// (the responsible inspector, anyone up their chain, or the bureau).
/// </summary>
public static class AlertEndpoints
{
    /// <summary>Maps the alert endpoints.</summary>
    public static IEndpointRouteBuilder MapAlertApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/", List);
        api.MapGet("/{id}", Get);
        api.MapPost("/{id}/acknowledge", Acknowledge);
        api.MapPost("/{id}/resolve", Resolve);
        api.MapPost("/{id}/escalate", HandOver);
        api.MapPost("/{id}/reports", Report);
        api.MapGet("/{id}/verify", Verify);
        return app;
    }

    private static Results<Ok<IEnumerable<AlertDto>>, ValidationProblem> List(
        string? state, string? siteId, string? cellId, long? since, long? afterSeq, int? limit,
        HttpContext http, RegistryHolder registry, IAlertStore store)
    {
        AlertState? parsedState = null;
        if (state is not null)
        {
            if (!AlertNames.TryParseState(state, out var s))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["One of open, acknowledged, escalated, resolved."] });
            }

            parsedState = s;
        }

        if (limit is < 1 or > 5000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["Between 1 and 5000."] });
        }

        var scope = UserScope.For(http.User, registry.Current);
        var alerts = store.Query(scope.Filter(new AlertQuery(parsedState, siteId, cellId, SinceSequence: afterSeq ?? since, Limit: limit ?? 500)));
        return TypedResults.Ok(alerts.Where(scope.CanSee).Select(a => a.AsDto()));
    }

    private static Results<Ok<AlertDetail>, NotFound, ForbidHttpResult> Get(
        string id, HttpContext http, RegistryHolder registry, IAlertStore store)
    {
        if (store.Get(id) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        if (!UserScope.For(http.User, registry.Current).CanSee(alert))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(new AlertDetail(alert.AsDto(), store.Events(id)));
    }

    private static async Task<Results<Ok<AlertDto>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> Acknowledge(
        string id, AcknowledgeRequest? request, HttpContext http, RegistryHolder registry, IAlertStore store, AlertActions alerts,
        ILoggerFactory loggers) =>
        NoteProblem("note", request?.Note) is { } invalid ? invalid : await ActAsync(id, http, registry, store, loggers.CreateLogger(typeof(AlertEndpoints)), "acknowledged", user => alerts.AcknowledgeAsync(id, user, request?.Note));

    private static async Task<Results<Ok<AlertDto>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> Resolve(
        string id, ResolveRequest? request, HttpContext http, RegistryHolder registry, IAlertStore store, AlertActions alerts,
        ILoggerFactory loggers)
    {
        if (request?.Disposition is not { } disposition || !AlertNames.Dispositions.Contains(disposition))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["disposition"] = [$"Required: one of {string.Join(", ", AlertNames.Dispositions)}."],
            });
        }

        if (NoteProblem("note", request.Note) is { } invalidNote)
        {
            return invalidNote;
        }

        if (request.ConfirmedCase == true)
        {
            if (store.Get(id) is { } alert &&
                !ConfirmedCase.Qualifies(alert, disposition, registry.Current.Sites.GetValueOrDefault(alert.SiteId)?.Level))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["confirmedCase"] = [ConfirmedCase.Requirement] });
            }

            return await ActAsync(id, http, registry, store, loggers.CreateLogger(typeof(AlertEndpoints)), "resolved as a confirmed case", user => alerts.ResolveAsConfirmedCaseAsync(id, user, request.Note));
        }

        return await ActAsync(id, http, registry, store, loggers.CreateLogger(typeof(AlertEndpoints)), "resolved", user => alerts.ResolveAsync(id, user, disposition, request.Note));
    }

    private static async Task<Results<Ok<AlertDto>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> Report(
        string id, ReportRequest? request, HttpContext http, RegistryHolder registry, IAlertStore store, AlertActions alerts, ILoggerFactory loggers)
    {
        if (request is not { Kind: "initial" or "formal", Reference: { Length: > 0 } reference } || AlertNotes.Problem(reference, 200) is not null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["kind"] = ["Required: initial (to the administrative department, within 2 h) or formal (within 3 days)."],
                ["reference"] = ["Required: the report's document number, at most 200 characters."],
            });
        }

        return await ActAsync(id, http, registry, store, loggers.CreateLogger(typeof(AlertEndpoints)), $"{request.Kind} report", user => alerts.RecordReportAsync(id, user, request.Kind, reference));
    }

    private static Results<Ok<ChainVerification>, NotFound, ForbidHttpResult> Verify(string id, HttpContext http, RegistryHolder registry, IAlertStore store)
    {
        if (store.Get(id) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        return UserScope.For(http.User, registry.Current).CanSee(alert) ? TypedResults.Ok(store.VerifyChain(id)) : TypedResults.Forbid();
    }

    private static async Task<Results<Ok<AlertDto>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> HandOver(
        string id, EscalateRequest? request, HttpContext http, RegistryHolder registry, IUserStore users, IAlertStore store,
        AlertActions alerts, ILoggerFactory loggers)
    {
        if (request?.To is not { } to || users.Find(to) is not { Role: not Roles.Maintenance })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["to"] = ["Required: the username of an inspector, a chief or the bureau."],
            });
        }

        if (NoteProblem("note", request.Note) is { } invalidNote)
        {
            return invalidNote;
        }

        return await ActAsync(id, http, registry, store, loggers.CreateLogger(typeof(AlertEndpoints)), "handed over", user => alerts.HandOverAsync(id, user, to, request.Note));
    }

    /// <summary>A 400 naming <paramref name="field"/> when the note is too long or holds control characters.</summary>
    private static ValidationProblem? NoteProblem(string field, string? note) =>
        AlertNotes.Problem(note) is { } problem
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] })
            : null;

    private static async Task<Results<Ok<AlertDto>, NotFound, ForbidHttpResult, ValidationProblem, ProblemHttpResult>> ActAsync(
        string id, HttpContext http, RegistryHolder registry, IAlertStore store, ILogger logger, string action,
        Func<string, Task<TransitionOutcome>> transition)
    {
        if (store.Get(id) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        var scope = UserScope.For(http.User, registry.Current);
        if (!scope.CanAct(alert))
        {
            return TypedResults.Forbid();
        }

        var (status, updated, error) = await transition(scope.Username);
        switch (status)
        {
            case TransitionStatus.NotFound:
                return TypedResults.NotFound();
            case TransitionStatus.Conflict:
                return TypedResults.Problem(error, statusCode: StatusCodes.Status409Conflict, title: "Transition not allowed");
            default:
                logger.AlertActed(id, action, scope.Username);
                return TypedResults.Ok(updated!.AsDto());
        }
    }
}

/// <summary>Body of the acknowledge endpoint.</summary>
public sealed record AcknowledgeRequest(string? Note);

/// <summary>Body of the escalate (hand-over) endpoint.</summary>
public sealed record EscalateRequest(string? To, string? Note);

/// <summary>Body of the resolve endpoint; <c>confirmedCase</c> starts the statutory reporting clock.</summary>
public sealed record ResolveRequest(string? Disposition, string? Note, bool? ConfirmedCase = null);

/// <summary>Body of the reports endpoint.</summary>
public sealed record ReportRequest(string? Kind, string? Reference);

/// <summary>An alert with its event history.</summary>
public sealed record AlertDetail(AlertDto Alert, IReadOnlyList<AlertEvent> Events);
