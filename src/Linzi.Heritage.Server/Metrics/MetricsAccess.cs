using System.Security.Cryptography;
using System.Text;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace Linzi.Heritage.Server.Metrics;

/// <summary>
/// Who may read <c>/metrics</c>: a signed-in bureau or maintenance user, or a scraper presenting the configured
/// <c>Metrics:ScrapeToken</c> as a bearer token (Prometheus' <c>authorization: credentials_file</c>). The counters
/// tell an outsider how busy each part is and when the journal backs up, so they are not for anyone.
/// </summary>
public static class MetricsAccess
{
    /// <summary>The authorization policy's name.</summary>
    public const string Policy = "metrics";

    /// <summary>Adds the policy.</summary>
    public static AuthorizationBuilder AddMetricsPolicy(this AuthorizationBuilder authorization, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(configuration);
        var token = configuration["Metrics:ScrapeToken"] is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;
        return authorization.AddPolicy(Policy, p => p.RequireAssertion(context =>
            context.User.IsInRole(Roles.Bureau) || context.User.IsInRole(Roles.Maintenance) ||
            (token is not null && context.Resource is HttpContext http && Presents(http, token))));
    }

    private static bool Presents(HttpContext http, byte[] token)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        return header.StartsWith(Bearer, StringComparison.Ordinal) &&
               CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Bearer.Length..]), token);
    }
}
