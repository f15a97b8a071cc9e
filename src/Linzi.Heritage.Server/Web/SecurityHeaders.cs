using Microsoft.AspNetCore.HttpOverrides;

namespace Linzi.Heritage.Server.Web;

/// <summary>
/// Headers every response carries, API and error responses included, not just the pages: a JSON or HTML answer that
/// an attacker gets a browser to render in a frame, or to sniff as a script, is an attack surface of its own
/// (<c>case.html</c> renders people's notes). The pages set a wider Content-Security-Policy of their own; everything
/// else gets one that allows nothing. Behind the reverse proxy, forwarded headers (from configured proxies only)
/// give the real client address and scheme, and HSTS is sent on HTTPS.
/// </summary>
public static class SecurityHeaders
{
    // Nothing loads, nothing frames: JSON, problems, downloads and the case page's inline styles only.
    private const string NothingPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Registers forwarded headers (section <c>ReverseProxy</c>) and HSTS.</summary>
    public static WebApplicationBuilder AddHeritageSecurityHeaders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Loopback proxies are trusted by default (the deploy kit's nginx on the same host); others must be named,
            // or any client could claim any address and slip past the per-address sign-in limits.
            foreach (var proxy in builder.Configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false; // the bureau's domain may host other services that are not ours to force
        });
        return builder;
    }

    /// <summary>Forwarded headers first (every later decision needs the real client), HSTS outside development, then the headers.</summary>
    public static WebApplication UseHeritageSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                if (!headers.ContainsKey("Referrer-Policy"))
                {
                    headers["Referrer-Policy"] = "no-referrer";
                }

                // Not on scripts: the policy of a service worker's own script governs the worker, and "nothing allowed"
                // would stop the phone page's worker from caching the app shell (the pages carry their own policy).
                if (!headers.ContainsKey("Content-Security-Policy") && http.Response.ContentType?.Contains("javascript", StringComparison.Ordinal) != true)
                {
                    headers.ContentSecurityPolicy = NothingPolicy;
                }

                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
