using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Defaults;
using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Rules;

/// <summary>
/// <c>/api/rules</c>: any signed-in user reads; the bureau creates, replaces and deletes. A change takes effect at
/// once (the snapshot is swapped; unchanged rules keep their memory) and is audited with both versions.
/// <c>GET /api/rules/defaults/{siteId}</c> suggests rules from the site's protection level and materials.
/// </summary>
public static class RuleEndpoints
{
    /// <summary>Maps the rule endpoints.</summary>
    public static IEndpointRouteBuilder MapRuleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rules").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/", (RegistryHolder registry) =>
            TypedResults.Ok(registry.Current.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).Select(RuleDefinitionMapper.ToDefinition)));
        api.MapGet("/{id}", Get);
        api.MapGet("/defaults/{siteId}", (string siteId, RegistryHolder registry) =>
                registry.Current.Sites.TryGetValue(siteId, out var site)
                    ? Results.Ok(DefaultRules.For(site))
                    : Results.NotFound())
            .RequireAuthorization(Policies.Bureau);
        api.MapPost("/", Create).RequireAuthorization(Policies.Bureau);
        api.MapPut("/{id}", Replace).RequireAuthorization(Policies.Bureau);
        api.MapDelete("/{id}", Delete).RequireAuthorization(Policies.Bureau);
        return app;
    }

    private static Results<Ok<RuleDefinition>, NotFound> Get(string id, RegistryHolder registry) =>
        Find(registry, id) is { } rule ? TypedResults.Ok(RuleDefinitionMapper.ToDefinition(rule)) : TypedResults.NotFound();

    private static Results<Created<RuleDefinition>, ValidationProblem, ProblemHttpResult> Create(
        RuleDefinition? definition, RegistryHolder registry, IRegistryStore store, ChangeAudit audit, HttpContext http)
    {
        var rule = RuleDefinitionMapper.TryMap(definition, Names(registry.Current), out var errors);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (Find(registry, rule.Id) is not null)
        {
            return TypedResults.Problem(
                $"A rule with id '{rule.Id}' exists; use PUT /api/rules/{rule.Id} to replace it.", statusCode: StatusCodes.Status409Conflict, title: "Rule exists");
        }

        Save(rule, registry, store);
        var saved = RuleDefinitionMapper.ToDefinition(rule);
        audit.Record("rule", rule.Id, "created", http, null, saved);
        return TypedResults.Created($"/api/rules/{rule.Id}", saved);
    }

    private static Results<Ok<RuleDefinition>, ValidationProblem, NotFound> Replace(
        string id, RuleDefinition? definition, RegistryHolder registry, IRegistryStore store, ChangeAudit audit, HttpContext http)
    {
        if (definition is not null && definition.Id is not null && definition.Id != id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match the path ('{id}') or be left out."] });
        }

        if (Find(registry, id) is not { } old)
        {
            return TypedResults.NotFound();
        }

        var rule = RuleDefinitionMapper.TryMap(definition is null ? null : definition with { Id = id }, Names(registry.Current), out var errors);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        Save(rule, registry, store);
        var saved = RuleDefinitionMapper.ToDefinition(rule);
        audit.Record("rule", id, "replaced", http, RuleDefinitionMapper.ToDefinition(old), saved);
        return TypedResults.Ok(saved);
    }

    private static Results<NoContent, NotFound> Delete(string id, RegistryHolder registry, IRegistryStore store, ChangeAudit audit, HttpContext http)
    {
        var old = Find(registry, id);
        if (!store.DeleteRule(id))
        {
            return TypedResults.NotFound();
        }

        registry.Update(current => current.WithRules(current.Rules.Where(r => r.Id != id)));
        audit.Record("rule", id, "deleted", http, old is null ? null : RuleDefinitionMapper.ToDefinition(old), null);
        return TypedResults.NoContent();
    }

    private static Rule? Find(RegistryHolder registry, string id) => registry.Current.Rules.FirstOrDefault(r => r.Id == id);

    private static RegistryNames Names(RegistrySnapshot snapshot) => new(
        snapshot.Sites.Keys.ToHashSet(), snapshot.Zones.Select(z => z.Id).ToHashSet(), snapshot.Cells.Keys.ToHashSet());

    private static void Save(Rule rule, RegistryHolder registry, IRegistryStore store)
    {
        store.SaveRule(rule);
        registry.Update(current => current.WithRules(current.Rules.Where(r => r.Id != rule.Id).Append(rule)));
    }
}
