using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>
/// Adds the documented routes that ASP.NET Core's API explorer skips because they have no handler method it could
/// read: endpoints built from a request delegate, such as the health checks. They get an operation with what the
/// endpoint says of itself (its display name, its access) and a plain response, so that the document lists every route
/// a client can call.
/// </summary>
internal sealed class UndescribedEndpointsTransformer(EndpointDataSource endpoints, IAuthorizationPolicyProvider policies) : IOpenApiDocumentTransformer
{
    // What the generic description cannot know about the routes that come from the framework.
    private static readonly Dictionary<string, (string Tag, string Summary, string Description)> Known = new(StringComparer.Ordinal)
    {
        ["/healthz"] = ("health", "Liveness", "200 with `Healthy` while the process answers; for load balancers and systemd."),
        ["/readyz"] = ("health", "Readiness", "200 when the broker and the stores are ready, 503 when not; the body gives `status` and each check's `status` and `description`."),
    };

    /// <inheritdoc />
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            var path = RoutePaths.Of(endpoint.RoutePattern);
            if (metadata.GetMetadata<MethodInfo>() is not null || !RoutePaths.IsDocumented(path)
                || metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true })
            {
                continue;
            }

            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }

            // An endpoint without method metadata answers any method; GET is the one clients use.
            var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            foreach (var method in methods.Select(m => HttpMethod.Parse(m)))
            {
                if (item.Operations?.ContainsKey(method) == true)
                {
                    continue;
                }

                var known = Known.GetValueOrDefault(path);
                var operation = new OpenApiOperation
                {
                    Summary = known.Summary ?? endpoint.DisplayName,
                    Description = known.Description,
                    Tags = new HashSet<OpenApiTagReference> { new(known.Tag ?? TagOperationTransformer.ResourceOf(path), document) },
                    Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "OK" } },
                };
                var access = await EndpointAccess.ReadAsync(metadata, policies).ConfigureAwait(false);
                AccessDocumentation.Describe(operation, access, document);
                ((OpenApiPathItem)item).AddOperation(method, operation);
            }
        }
    }
}
