using Microsoft.AspNetCore.Routing.Patterns;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>Which routes the document describes, and how a route pattern is written as a document path.</summary>
internal static class RoutePaths
{
    /// <summary>Path prefixes of the documented API: the JSON API and the health endpoints.</summary>
    public static IReadOnlyList<string> Documented { get; } = ["/api/", "/healthz", "/readyz"];

    /// <summary>True when <paramref name="path"/> (a document path) belongs to the documented API.</summary>
    public static bool IsDocumented(string path) =>
        Documented.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal) || path == prefix.TrimEnd('/'));

    /// <summary>
    /// The document path of a route pattern as ASP.NET Core writes it: parameters without constraints, defaults or
    /// optional and catch-all markers (<c>{id:int}</c> and <c>{**rest}</c> become <c>{id}</c> and <c>{rest}</c>).
    /// </summary>
    public static string Of(RoutePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }
}
