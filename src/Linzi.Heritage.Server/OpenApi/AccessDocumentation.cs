using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>Writes an <see cref="EndpointAccess"/> into an operation: security requirement, roles, 401 and 403.</summary>
internal static class AccessDocumentation
{
    /// <summary>The name of the bearer security scheme in the document's components.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The extension that lists the roles allowed to call an operation.</summary>
    public const string RolesExtension = "x-roles";

    /// <summary>Describes who may call <paramref name="operation"/>.</summary>
    public static void Describe(OpenApiOperation operation, EndpointAccess access, OpenApiDocument document)
    {
        if (access.Anonymous)
        {
            Append(operation, "Access: anyone; no token is needed.");
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });

        // Readers get a sentence; tools get the list. With no role required, x-roles lists every role there is.
        var who = access.AnySignedInUser ? "any signed-in user" : string.Join(", ", access.Roles);
        var also = access.OtherRequirements.Count == 0 ? "" : $" Also required: {string.Join("; ", access.OtherRequirements)}.";
        Append(operation, $"Roles: {who}.{also}");
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
        operation.Extensions[RolesExtension] = new JsonNodeExtension(new JsonArray([.. access.Roles.Select(r => JsonValue.Create(r))]));

        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Unauthorized: the bearer token is missing, expired or invalid." });
        operation.Responses.TryAdd("403", new OpenApiResponse
        {
            Description = access.AnySignedInUser
                ? "Forbidden: the signed-in user may not act on this resource."
                : $"Forbidden: the signed-in user's role is not among those allowed ({who}).",
        });
    }

    // The handler's own description (from XML docs or WithDescription) stays first; access follows it.
    private static void Append(OpenApiOperation operation, string text) =>
        operation.Description = string.IsNullOrEmpty(operation.Description) ? text : $"{operation.Description}\n\n{text}";
}
