using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Defaults;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry;
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
        RuleDefinition? definition, RegistryHolder registry, RegistryEditor editor, HttpContext http)
    {
        var rule = RuleDefinitionMapper.TryMap(definition, Names(registry.Current), out var errors);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (editor.CreateRule(rule, Actor(http)) == EditOutcome.Conflict)
        {
            return TypedResults.Problem(
                $"A rule with id '{rule.Id}' exists; use PUT /api/rules/{rule.Id} to replace it.", statusCode: StatusCodes.Status409Conflict, title: "Rule exists");
        }

        return TypedResults.Created($"/api/rules/{rule.Id}", RuleDefinitionMapper.ToDefinition(rule));
    }

    private static Results<Ok<RuleDefinition>, ValidationProblem, NotFound> Replace(
        string id, RuleDefinition? definition, RegistryHolder registry, RegistryEditor editor, HttpContext http)
    {
        if (definition is not null && definition.Id is not null && definition.Id != id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match the path ('{id}') or be left out."] });
        }

        if (Find(registry, id) is null)
        {
            return TypedResults.NotFound();
        }

        var rule = RuleDefinitionMapper.TryMap(definition is null ? null : definition with { Id = id }, Names(registry.Current), out var errors);
        if (rule is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return editor.ReplaceRule(rule, Actor(http)) == EditOutcome.NotFound
            ? TypedResults.NotFound()
            : TypedResults.Ok(RuleDefinitionMapper.ToDefinition(rule));
    }

    private static Results<NoContent, NotFound> Delete(string id, RegistryEditor editor, HttpContext http) =>
        editor.DeleteRule(id, Actor(http)) == EditOutcome.Deleted ? TypedResults.NoContent() : TypedResults.NotFound();

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "?";

    private static Rule? Find(RegistryHolder registry, string id) => registry.Current.Rules.FirstOrDefault(r => r.Id == id);

    private static RegistryNames Names(RegistrySnapshot snapshot) => new(
        snapshot.Sites.Keys.ToHashSet(), snapshot.Zones.Select(z => z.Id).ToHashSet(), snapshot.Cells.Keys.ToHashSet());
}
