using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Server.Registry.Admin;

namespace Linzi.Heritage.Server.Audit;

/// <summary>
/// Audits an endpoint's successful calls (issue 15, hole 9): exports and retries change nothing in the registry, yet
/// who took data out, or sent a dead notification again, is for the record. A refused or failed call is not audited
/// here (sign-in failures have their own entries).
/// </summary>
public static class AuditedEndpoint
{
    /// <summary>
    /// After each call that answers 2xx, records <paramref name="entity"/> / the route value <paramref name="idRouteValue"/>
    /// (or <paramref name="entity"/> itself) / <paramref name="action"/> by the caller, with the path and client address.
    /// </summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string entity, string action, string? idRouteValue = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result; // Results<NoContent, NotFound> wraps the one it is
            var status = answer is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
            if (status is >= 200 and < 300)
            {
                var http = context.HttpContext;
                var id = idRouteValue is null ? entity : http.Request.RouteValues[idRouteValue]?.ToString() ?? "?";
                var details = JsonSerializer.Serialize(new { path = http.Request.Path.Value + http.Request.QueryString.Value, address = http.Connection.RemoteIpAddress?.ToString() });
                http.RequestServices.GetRequiredService<IAuditLog>().Record(
                    entity, id, action, http.Actor(), http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), null, details);
            }

            return result;
        });
    }
}
