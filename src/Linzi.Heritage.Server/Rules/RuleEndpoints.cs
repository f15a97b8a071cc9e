using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Storage.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Rules;

/// <summary><c>/api/rules</c>: any signed-in user reads; the bureau creates, replaces and deletes.</summary>
public static class RuleEndpoints
{
    /// <summary>Maps the rule endpoints.</summary>
    public static IEndpointRouteBuilder MapRuleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rules").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/", (RegistryHolder registry) =>
            TypedResults.Ok(registry.Current.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(RuleDefinitionMapper.ToDefinition)));
        api.MapGet("/{id}", Get);
        api.MapPost("/", Create).RequireAuthorization(Policies.Bureau);
        api.MapPut("/{id}", Replace).RequireAuthorization(Policies.Bureau);
        api.MapDelete("/{id}", Delete).RequireAuthorization(Policies.Bureau);
        return app;
    }

    private static Results<Ok<RuleDefinition>, NotFound> Get(string id, RegistryHolder registry) =>
        registry.Current.Rules.FirstOrDefault(r => r.Id == id) is { } rule
            ? TypedResults.Ok(RuleDefinitionMapper.ToDefinition(rule))
            : TypedResults.NotFound();

    private static Results<Created<RuleDefinition>, ValidationProblem, ProblemHttpResult> Create(
        RuleDefinition? definition, RegistryHolder registry, SqliteRegistryStore store, HttpContext http, ILoggerFactory loggers)
    {
        var rule = RuleDefinitionMapper.TryMap(definition, registry.Current.Sites.Keys.ToHashSet(), out var errors);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (registry.Current.Rules.Any(r => r.Id == rule.Id))
        {
            return TypedResults.Problem(
                $"A rule with id '{rule.Id}' exists; use PUT /api/rules/{rule.Id} to replace it.", statusCode: StatusCodes.Status409Conflict, title: "Rule exists");
        }

        Save(rule, registry, store);
        loggers.CreateLogger(typeof(RuleEndpoints)).RuleChanged(rule.Id, "created", http.User.Identity?.Name ?? "?");
        return TypedResults.Created($"/api/rules/{rule.Id}", RuleDefinitionMapper.ToDefinition(rule));
    }

    private static Results<Ok<RuleDefinition>, ValidationProblem, NotFound> Replace(
        string id, RuleDefinition? definition, RegistryHolder registry, SqliteRegistryStore store, HttpContext http, ILoggerFactory loggers)
    {
        if (definition is not null && definition.Id is not null && definition.Id != id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match the path ('{id}') or be left out."] });
        }

        if (registry.Current.Rules.All(r => r.Id != id))
        {
            return TypedResults.NotFound();
        }

        var rule = RuleDefinitionMapper.TryMap(definition is null ? null : definition with { Id = id }, registry.Current.Sites.Keys.ToHashSet(), out var errors);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        Save(rule, registry, store);
        loggers.CreateLogger(typeof(RuleEndpoints)).RuleChanged(rule.Id, "replaced", http.User.Identity?.Name ?? "?");
        return TypedResults.Ok(RuleDefinitionMapper.ToDefinition(rule));
    }

    private static Results<NoContent, NotFound> Delete(
        string id, RegistryHolder registry, SqliteRegistryStore store, HttpContext http, ILoggerFactory loggers)
    {
        if (!store.DeleteRule(id))
        {
            return TypedResults.NotFound();
        }

        registry.Update(current => current.WithRules(current.Rules.Where(r => r.Id != id)));
        loggers.CreateLogger(typeof(RuleEndpoints)).RuleChanged(id, "deleted", http.User.Identity?.Name ?? "?");
        return TypedResults.NoContent();
    }

    private static void Save(Rule rule, RegistryHolder registry, SqliteRegistryStore store)
    {
        store.SaveRule(rule);
        registry.Update(current => current.WithRules(current.Rules.Where(r => r.Id != rule.Id).Append(rule)));
    }
}
