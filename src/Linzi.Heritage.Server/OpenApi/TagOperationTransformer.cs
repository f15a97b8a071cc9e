using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Linzi.Heritage.Server.OpenApi;

/// <summary>
/// Groups operations by the resource in their path (<c>/api/devices/…</c> under "devices") unless the endpoint names
/// its own tags with <c>WithTags</c>. The framework's default, the handler's declaring class, reads as
/// "DeviceEndpoints" or, for a lambda in Program.cs, as the assembly name.
/// </summary>
internal sealed class TagOperationTransformer : IOpenApiOperationTransformer
{
    /// <inheritdoc />
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ITagsMetadata>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Tags = new HashSet<OpenApiTagReference> { new(ResourceOf(context.Description.RelativePath), context.Document) };
        return Task.CompletedTask;
    }

    /// <summary>The resource a path is about: the segment after <c>api/</c>, or the first segment.</summary>
    public static string ResourceOf(string? relativePath)
    {
        var segments = (relativePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", var resource, ..] => resource,
            [var first, ..] => first,
            _ => "api",
        };
    }
}
