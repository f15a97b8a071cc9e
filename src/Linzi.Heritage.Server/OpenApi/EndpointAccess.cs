using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using AccountRoles = Linzi.Heritage.Domain.Accounts.Roles;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>Who may call an endpoint, as its authorization metadata says.</summary>
/// <param name="Anonymous">True when no token is needed.</param>
/// <param name="Roles">The roles that may call it; every role when any signed-in user may.</param>
/// <param name="AnySignedInUser">True when the endpoint asks for a signed-in user but for no particular role.</param>
/// <param name="OtherRequirements">Requirements beyond sign-in and roles (claims, assertions), as text.</param>
internal sealed record EndpointAccess(bool Anonymous, IReadOnlyList<string> Roles, bool AnySignedInUser, IReadOnlyList<string> OtherRequirements)
{
    /// <summary>No token needed.</summary>
    public static EndpointAccess Anyone { get; } = new(true, [], false, []);

    /// <summary>
    /// Reads the access from endpoint metadata the way <c>AuthorizationMiddleware</c> does: any <see cref="IAllowAnonymous"/>
    /// wins; otherwise the policies named by <see cref="IAuthorizeData"/> (resolved through the provider, so a policy added
    /// later is read from its requirements, not from its name), inline policies and requirement data are combined, and
    /// without any of them the fallback policy applies.
    /// </summary>
    public static async Task<EndpointAccess> ReadAsync(IEnumerable<object> metadata, IAuthorizationPolicyProvider policies)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Anyone;
        }

        var policy = await AuthorizationPolicy.CombineAsync(
            policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>()).ConfigureAwait(false);
        var requirementData = metadata.OfType<IAuthorizationRequirementData>().SelectMany(d => d.GetRequirements()).ToList();
        if (requirementData.Count > 0)
        {
            var builder = new AuthorizationPolicyBuilder();
            if (policy is not null)
            {
                builder.Combine(policy);
            }

            policy = builder.AddRequirements([.. requirementData]).Build();
        }

        policy ??= await policies.GetFallbackPolicyAsync().ConfigureAwait(false);
        if (policy is null)
        {
            return Anyone;
        }

        // Every role requirement must pass, so the roles that may call are those all of them allow.
        IEnumerable<string>? roles = null;
        foreach (var requirement in policy.Requirements.OfType<RolesAuthorizationRequirement>())
        {
            roles = roles is null ? requirement.AllowedRoles : roles.Intersect(requirement.AllowedRoles, StringComparer.Ordinal);
        }

        var others = policy.Requirements
            .Where(r => r is not RolesAuthorizationRequirement and not DenyAnonymousAuthorizationRequirement)
            .Select(r => r.ToString() ?? r.GetType().Name)
            .ToList();
        return roles is null
            ? new EndpointAccess(false, AccountRoles.All, true, others)
            : new EndpointAccess(false, [.. roles.Distinct(StringComparer.Ordinal)], false, others);
    }
}
