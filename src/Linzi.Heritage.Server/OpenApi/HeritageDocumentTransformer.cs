using Linzi.Heritage.Contracts.Hub;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>
/// The document's title, description (with the SignalR hub, which OpenAPI cannot describe) and bearer scheme, and its tag
/// list. Runs after the other transformers, since the tag list must name the tags the operations ended up with.
/// </summary>
internal sealed class HeritageDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The document's title.</summary>
    public const string Title = "Linzi Heritage Grid Monitor API";

    private static readonly string Description = $"""
        The HTTP API of the Linzi heritage grid monitor: sites, zones, grid cells, devices and their readings, alert rules,
        alerts and their handling, and administration. JSON throughout; times are RFC 3339 UTC. Bad input gets 400 with an
        `application/problem+json` body that names the field, an unknown id 404, a conflict 409.

        **Authentication.** Get a token from `POST /api/auth/token` with a username and password, then send
        `Authorization: Bearer <access_token>` on every other `/api` call. A missing or bad token gets 401, a wrong role 403.
        Access tokens are short (`expires_in`): exchange the `refreshToken` at `POST /api/auth/refresh` for the next pair
        (each refresh token works once), and end the session with `POST /api/auth/signout`.
        Each operation says which roles may call it, in its description ("Roles: …") and in the `x-roles` extension
        (with every role listed when any signed-in user may); an operation without a security requirement needs no token.

        **Live updates (SignalR).** The hub at `{HubPaths.Monitor}` pushes changes as they happen. Pass the same token as
        the `access_token` query parameter (browsers cannot set headers on WebSockets or EventSource). The server calls:
        - `AlertRaised(alert)` and `AlertUpdated(alert)`: an alert as `GET /api/alerts` returns it; inspectors receive only
          alerts of their own cells and of cells escalated to them, the bureau receives all;
        - `Readings(batch)`: the latest values for live maps, at most a few updates a second per client;
        - `DeviceStatus(status)`: a device going online or offline.

        Devices themselves publish readings over MQTT, which is described in the project's `docs/contract.md`, as is the
        Prometheus scrape endpoint `/metrics`.
        """;

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo { Title = Title, Version = "1.0", Description = Description };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[AccessDocumentation.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "A token from POST /api/auth/token, sent as `Authorization: Bearer <access_token>`.",
        };

        // The framework listed the handlers' class names; the operations now carry resource tags instead.
        var operations = (document.Paths?.Values ?? Enumerable.Empty<IOpenApiPathItem>()).SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>());
        var tags = operations.SelectMany(o => o.Tags ?? Enumerable.Empty<OpenApiTagReference>()).Select(t => t.Name).OfType<string>();
        document.Tags = new HashSet<OpenApiTag>(tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(name => new OpenApiTag { Name = name }));
        return Task.CompletedTask;
    }
}
