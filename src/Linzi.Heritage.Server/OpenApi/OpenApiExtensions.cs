using Scalar.AspNetCore;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>
/// The API describes itself: an OpenAPI document at <c>/openapi/v1.json</c> generated from the mapped endpoints, and a
/// browsable reference at <c>/api-docs</c> that works with no internet (its script is served from the Scalar package).
/// Both are anonymous: they describe the API and reveal no data.
/// </summary>
public static class OpenApiExtensions
{
    /// <summary>Where the reference page lives.</summary>
    public const string ReferencePath = "/api-docs";

    // The reference page runs Scalar's bundle from this server and one inline module script that starts it (hence
    // 'unsafe-inline'); nothing may come from elsewhere, so a closed network shows the same page, and "try it" requests
    // stay on this origin.
    private const string ReferenceContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>Where the document lives.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Registers the document generator and its transformers.</summary>
    public static IHostApplicationBuilder AddHeritageOpenApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options =>
        {
            // The hub's negotiate and connect routes are documented in the description, not as operations.
            options.ShouldInclude = description => !("/" + description.RelativePath).StartsWith("/hubs/", StringComparison.Ordinal);
            options.AddDocumentTransformer<UndescribedEndpointsTransformer>();
            options.AddDocumentTransformer<HeritageDocumentTransformer>();
            options.AddOperationTransformer<AccessOperationTransformer>();
            options.AddOperationTransformer<TagOperationTransformer>();
        });
        return builder;
    }

    /// <summary>Maps the document and the reference page, both anonymous.</summary>
    public static IEndpointRouteBuilder MapHeritageOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle(HeritageDocumentTransformer.Title)
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts() // Its fonts come from Scalar's CDN; the system fonts work on a closed network.
            .DisableTelemetry()
            .DisableAgent() // The AI chat, the MCP link and the developer toolbar all call scalar.com.
            .DisableMcp()
            .HideDeveloperTools()
            .WithShowExtensions(AccessDocumentation.RolesExtension)
            .AddPreferredSecuritySchemes(AccessDocumentation.BearerScheme))
            .AllowAnonymous()
            .Add(endpoint =>
            {
                // Scalar's endpoints are plain request delegates (no endpoint filters), so the headers wrap the delegate.
                var inner = endpoint.RequestDelegate!;
                endpoint.RequestDelegate = http =>
                {
                    http.Response.Headers.ContentSecurityPolicy = ReferenceContentSecurityPolicy;
                    http.Response.Headers.XContentTypeOptions = "nosniff";
                    return inner(http);
                };
            });
        return app;
    }
}
