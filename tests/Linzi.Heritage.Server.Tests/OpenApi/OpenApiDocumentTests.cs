using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>: anonymous, complete (every mapped API route, whoever maps it later),
/// and saying for each operation who may call it.
/// </summary>
public sealed partial class OpenApiDocumentTests : IDisposable
{
    private readonly TempDirectory _data = new();

    // The routes the document must describe: the JSON API and the health endpoints. Pages, the hub, /metrics and the
    // reference page itself are described elsewhere (docs/contract.md and the document's description).
    private static bool IsDocumented(string path) => path.StartsWith("/api/", StringComparison.Ordinal) || path is "/healthz" or "/readyz";

    [Fact]
    public async Task Document_ListsEveryMappedApiRoute_WithEachMethod()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();
        using var document = await GetDocumentAsync(client);
        var paths = document.RootElement.GetProperty("paths");

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(method => (Method: method.ToLowerInvariant(), Path: DocumentPath(e.RoutePattern.RawText!))))
            .Where(r => IsDocumented(r.Path))
            .Distinct()
            .ToList();
        var missing = routes
            .Where(r => !paths.TryGetProperty(r.Path, out var item) || !item.TryGetProperty(r.Method, out _))
            .Select(r => $"{r.Method.ToUpperInvariant()} {r.Path}")
            .ToList();

        Assert.True(routes.Count > 40, $"only {routes.Count} API routes were found: is the endpoint data source the app's?");
        Assert.Contains(("post", "/api/auth/token"), routes);
        Assert.Contains(("get", "/readyz"), routes);
        Assert.True(missing.Count == 0, "Mapped but missing from /openapi/v1.json: " + string.Join(", ", missing));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/hubs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_IsAnonymous_AndDescribesTheApiTokenAndHub()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();

        using var document = await GetDocumentAsync(client);

        var info = document.RootElement.GetProperty("info");
        Assert.Equal("Linzi Heritage Grid Monitor API", info.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("version").GetString()));
        var description = info.GetProperty("description").GetString()!;
        foreach (var text in (string[])["/hubs/monitor", "access_token", "AlertRaised", "AlertUpdated", "Readings", "DeviceStatus", "Authorization: Bearer"])
        {
            Assert.Contains(text, description, StringComparison.Ordinal);
        }

        var bearer = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
    }

    [Theory]
    [InlineData("post", "/api/rules", new[] { Roles.Bureau })]
    [InlineData("delete", "/api/rules/{id}", new[] { Roles.Bureau })]
    [InlineData("post", "/api/devices", new[] { Roles.Bureau, Roles.Maintenance })]
    [InlineData("get", "/api/ingestion/stats", new[] { Roles.Bureau, Roles.Maintenance })]
    public async Task Operation_WithARolePolicy_NamesItsRolesAndNeedsTheToken(string method, string path, string[] roles)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();
        using var document = await GetDocumentAsync(client);

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(roles.Order(), Strings(operation.GetProperty("x-roles")).Order());
        Assert.Contains($"Roles: {string.Join(", ", roles)}.", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        AssertNeedsBearer(operation);
    }

    [Fact]
    public async Task Operation_ForAnySignedInUser_ListsEveryRoleAndSaysSo()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();
        using var document = await GetDocumentAsync(client);

        var operation = document.RootElement.GetProperty("paths").GetProperty("/api/sites").GetProperty("get");

        Assert.Equal(Roles.All, Strings(operation.GetProperty("x-roles")));
        Assert.Contains("Roles: any signed-in user.", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        AssertNeedsBearer(operation);
    }

    [Theory]
    [InlineData("post", "/api/auth/token")]
    [InlineData("get", "/healthz")]
    [InlineData("get", "/readyz")]
    public async Task Operation_Anonymous_HasNoSecurityRequirementNorRoles(string method, string path)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = app.CreateClient();
        using var document = await GetDocumentAsync(client);

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.False(operation.TryGetProperty("security", out _));
        Assert.False(operation.TryGetProperty("x-roles", out _));
        Assert.Contains("no token is needed", operation.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static void AssertNeedsBearer(JsonElement operation)
    {
        var requirement = Assert.Single(operation.GetProperty("security").EnumerateArray());
        Assert.True(requirement.TryGetProperty("Bearer", out _));
        var responses = operation.GetProperty("responses");
        Assert.True(responses.TryGetProperty("401", out _), "401 is listed");
        Assert.True(responses.TryGetProperty("403", out _), "403 is listed");
    }

    private static async Task<JsonDocument> GetDocumentAsync(HttpClient anonymous)
    {
        using var response = await anonymous.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    // A route pattern as the document writes it: "/api/notifications/outbox/{id:long}/retry" becomes
    // ".../{id}/retry", "{**rest}" becomes "{rest}", and a group's "/api/rules/" loses its trailing slash.
    private static string DocumentPath(string pattern)
    {
        var path = Parameter().Replace("/" + pattern.TrimStart('/'), m => "{" + m.Groups[1].Value + "}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\**([^}:=?]+)[^}]*\}")]
    private static partial Regex Parameter();

    public void Dispose() => _data.Dispose();
}
