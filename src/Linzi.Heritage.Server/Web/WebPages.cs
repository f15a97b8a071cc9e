using System.IO.Compression;
using Linzi.Heritage.Server.Auth;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Web;

/// <summary>
/// The web pages, static files in <c>wwwroot</c> with no build step: the bureau's live map (<c>/</c>), the
/// inspector's phone page (<c>/m</c>), the maintenance console (<c>/maintenance</c>), the administration page
/// (<c>/admin</c>) and sign-in (<c>/signin</c>).
/// </summary>
public static class WebPages
{
    private static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        ["/"] = "index.html",
        ["/m"] = "m.html",
        ["/maintenance"] = "maintenance.html",
        ["/admin"] = "admin.html",
        ["/signin"] = "signin.html",
    };

    // The pages run only their own scripts; tiles may come from the configured map host; SignalR stays same-origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; "
        + "connect-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>Registers the map options and compression of text responses (pages, scripts, JSON) for slow phones.</summary>
    public static WebApplicationBuilder AddHeritageWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MapOptions>().BindConfiguration(MapOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MapOptions>, MapOptionsValidation>();
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/manifest+json", "image/svg+xml", "application/problem+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    /// <summary>Compression (never on the hub, whose streams must not be buffered) and the static files.</summary>
    public static WebApplication UseHeritageWeb(this WebApplication app)
    {
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal), branch => branch.UseResponseCompression());
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions { ContentTypeProvider = types, OnPrepareResponse = context => SetHeaders(context.Context, context.File.Name) });
        return app;
    }

    /// <summary>Maps the page addresses and <c>GET /api/map/config</c>.</summary>
    public static IEndpointRouteBuilder MapHeritageWeb(this IEndpointRouteBuilder app)
    {
        foreach (var (path, file) in Pages)
        {
            app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], (HttpContext http, IWebHostEnvironment environment) =>
            {
                // A build run from bin/ without publishing has no wwwroot; say so rather than fail.
                if (environment.WebRootFileProvider.GetFileInfo(file) is not { Exists: true, PhysicalPath: { } physical })
                {
                    return Results.Problem($"The web pages are not deployed ({file} is missing from wwwroot); publish the server or run it from its project folder.", statusCode: StatusCodes.Status404NotFound);
                }

                SetHeaders(http, file);
                return Results.File(physical, "text/html; charset=utf-8");
            }).AllowAnonymous().ExcludeFromDescription();
        }

        app.MapGet("/api/map/config", (IOptions<MapOptions> options) => TypedResults.Ok(options.Value.ToConfig()))
            .RequireAuthorization(Policies.SignedIn);
        return app;
    }

    // Pages and our own scripts revalidate (ETag) so a deployment shows at once; vendored libraries change only with
    // their version, so they may be cached for a day.
    private static void SetHeaders(HttpContext http, string fileName)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = http.Request.Path.StartsWithSegments("/lib", StringComparison.Ordinal) ? "public, max-age=86400" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (fileName.EndsWith(".html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin"; // OpenStreetMap refuses tiles without a referrer.
        }
    }
}
