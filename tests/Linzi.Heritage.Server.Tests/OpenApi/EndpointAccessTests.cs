using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.OpenApi;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.OpenApi;

/// <summary>Who may call an endpoint, read from the metadata that <c>RequireAuthorization</c> and its group leave.</summary>
public sealed class EndpointAccessTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task Access_FollowsThePoliciesRequirements_WhateverTheirNames()
    {
        // A policy the OpenAPI code has never heard of: its roles are read from its requirements.
        await using var app = new HeritageApp(_data.Path, services: s => s.AddAuthorizationBuilder().AddPolicy("chiefs-only", p => p.RequireRole(Roles.Chief)));
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();

        var signedIn = await EndpointAccess.ReadAsync([new AuthorizeAttribute(Policies.SignedIn)], policies);
        var groupThenBureau = await EndpointAccess.ReadAsync([new AuthorizeAttribute(Policies.SignedIn), new AuthorizeAttribute(Policies.Bureau)], policies);
        var provisioning = await EndpointAccess.ReadAsync([new AuthorizeAttribute(Policies.Provisioning)], policies);
        var bureauAndProvisioning = await EndpointAccess.ReadAsync([new AuthorizeAttribute(Policies.Provisioning), new AuthorizeAttribute(Policies.Bureau)], policies);
        var custom = await EndpointAccess.ReadAsync([new AuthorizeAttribute("chiefs-only")], policies);
        var inlineRoles = await EndpointAccess.ReadAsync([new AuthorizeAttribute { Roles = "inspector,chief" }], policies);
        var anonymousInGroup = await EndpointAccess.ReadAsync([new AuthorizeAttribute(Policies.SignedIn), new AllowAnonymousAttribute()], policies);
        var nothing = await EndpointAccess.ReadAsync([], policies);

        Assert.True(signedIn.AnySignedInUser);
        Assert.Equal(Roles.All, signedIn.Roles);
        Assert.Equal([Roles.Bureau], groupThenBureau.Roles);
        Assert.Equal([Roles.Bureau, Roles.Maintenance], provisioning.Roles);
        Assert.Equal([Roles.Bureau], bureauAndProvisioning.Roles); // Both must pass.
        Assert.Equal([Roles.Chief], custom.Roles);
        Assert.Equal([Roles.Inspector, Roles.Chief], inlineRoles.Roles);
        Assert.True(anonymousInGroup.Anonymous);
        Assert.False(nothing.Anonymous); // the fallback policy: an endpoint that names nothing still needs a signed-in user
        Assert.True(nothing.AnySignedInUser);
    }

    public void Dispose() => _data.Dispose();
}
