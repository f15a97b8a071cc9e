using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>
/// Documents every described operation's access from its endpoint metadata, so an endpoint mapped later (with
/// <c>RequireAuthorization</c> on itself or on its group) is documented with no work of its own.
/// </summary>
internal sealed class AccessOperationTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    /// <inheritdoc />
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var access = await EndpointAccess.ReadAsync(context.Description.ActionDescriptor.EndpointMetadata, policies).ConfigureAwait(false);
        AccessDocumentation.Describe(operation, access, context.Document!);
    }
}
