using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Works;
using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Problems;
using Linzi.Heritage.Server.Registry.Admin;

namespace Linzi.Heritage.Server.Registry.Transfer;

/// <summary><c>GET /api/registry/export</c> and <c>POST /api/registry/import?dryRun=</c> (bureau).</summary>
public static class RegistryTransferEndpoints
{
    /// <summary>The largest document accepted: a province-sized registry is a few megabytes of polygons.</summary>
    public const long MaxDocumentBytes = 64 * 1024 * 1024;

    /// <summary>Maps the export and import endpoints.</summary>
    public static IEndpointRouteBuilder MapRegistryTransferApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/registry").RequireAuthorization(Policies.Bureau);
        api.MapGet("/export", (RegistryHolder registry, WorksHolder works) =>
            TypedResults.Bytes(RegistryDocument.From(registry.Current.ToData(), works.Current.Permits).ToJson(), "application/json"))
            .Audited("registry", "exported");
        api.MapPost("/import", ImportAsync).Accepts<RegistryDocument>("application/json");
        return app;
    }

    private static async Task<IResult> ImportAsync(bool? dryRun, HttpRequest request, RegistryImporter importer, CancellationToken cancellationToken)
    {
        if (dryRun is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dryRun"] = ["Required: true to see the diff, false to apply it."] });
        }

        var body = await BoundedRead.ReadAllAsync(request.Body, MaxDocumentBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem($"The document is larger than {MaxDocumentBytes / 1024 / 1024} MiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var errors = new ValidationErrors();
        var document = RegistryImporter.Read(body, errors);
        if (document is null)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var (result, refusal) = importer.Import(document, dryRun.Value, request.HttpContext.Actor());
        return refusal?.ToResult() ?? TypedResults.Ok(result);
    }
}
