using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Import;
using NetTopologySuite.Features;

namespace Linzi.Heritage.Server.Registry.Admin;

/// <summary>What a zone import did or would do: the contract's diff, plus the imported zones to draw.</summary>
public sealed record ZoneImportResponse(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Removed,
    int DevicesMoved,
    bool DryRun,
    string? Format,
    FeatureCollection Features);

/// <summary>
/// <c>POST /api/zones/import?siteId=&amp;dryRun=</c> (bureau): replaces a site's zones of the kinds in the upload with
/// the upload (GeoJSON body, or a multipart <c>file</c>: zipped Shapefile, KML, KMZ or GeoJSON). Every feature is
/// checked; any error refuses the whole upload and changes nothing.
/// </summary>
public static class ZoneImportEndpoints
{
    /// <summary>Maps the zone import endpoint.</summary>
    public static IEndpointRouteBuilder MapZoneImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/zones/import", ImportAsync)
            .RequireAuthorization(Policies.Bureau)
            .Accepts<FeatureCollection>("application/json", "application/geo+json", "multipart/form-data")
            .DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ImportAsync(
        string? siteId, bool? dryRun, string? kind, HttpRequest request, RegistryEditor editor, RegistryHolder registry, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(siteId) || !registry.Current.Sites.ContainsKey(siteId))
        {
            errors["siteId"] = [siteId is null ? "Required: the site whose zones the upload replaces." : $"Unknown site '{siteId}'."];
        }

        if (dryRun is null)
        {
            errors["dryRun"] = ["Required: true to see what would change, false to apply it."];
        }

        ZoneKind? defaultKind = null;
        if (kind is not null)
        {
            if (!ZoneKindNames.TryParse(kind, out var parsed))
            {
                errors["kind"] = ["protection or construction_control: the kind of features that do not name one."];
            }

            defaultKind = parsed;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var read = await ReadUploadAsync(request, new ZoneFileReadOptions { DefaultKind = defaultKind }, cancellationToken);
        var validation = read.Validate(siteId!);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(ZoneImportError.ToValidationErrors(validation.Errors).ByField, title: "The zone file has errors; nothing was imported");
        }

        ZoneChanges? changes = null;
        var edit = editor.Edit(request.HttpContext.Actor(), dryRun!.Value, current =>
        {
            changes = ZoneDiff.Compute(siteId!, current.Zones, validation.Zones);
            if (changes.Conflicts.Count > 0)
            {
                return RegistryRefusal.Conflict("features", $"Zone ids already used by another site: {string.Join(", ", changes.Conflicts)}.");
            }

            // Zones unchanged within the tolerance are left as they are, so they are not rewritten or audited.
            var written = changes.Added.Concat(changes.Changed).ToHashSet(StringComparer.Ordinal);
            return new RegistryChange { Zones = [.. validation.Zones.Where(z => written.Contains(z.Id))], DeletedZones = changes.Removed };
        }, action: dryRun.Value ? null : "imported");
        if (edit.Refusal is { } refusal)
        {
            return refusal.ToResult();
        }

        var features = new FeatureCollection();
        foreach (var zone in validation.Zones)
        {
            features.Add(new Feature(zone.Area, new AttributesTable
            {
                { "id", zone.Id }, { "siteId", zone.SiteId }, { "kind", zone.Kind.ToWire() }, { "name", zone.Name },
                { "change", changes!.Added.Contains(zone.Id) ? "added" : changes.Changed.Contains(zone.Id) ? "changed" : "unchanged" },
            }));
        }

        return TypedResults.Ok(new ZoneImportResponse(changes!.Added, changes.Changed, changes.Removed, edit.Diff!.DevicesMoved, dryRun.Value, read.Format?.ToString(), features));
    }

    private static async Task<ZoneFileReadResult> ReadUploadAsync(HttpRequest request, ZoneFileReadOptions options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return await ZoneFileReader.ReadAsync(request.Body, null, request.ContentType, options, cancellationToken);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { } file)
        {
            return ZoneFileReadResult.Failed(null, "A multipart upload needs its file in the part named 'file'.");
        }

        await using var stream = file.OpenReadStream();
        return await ZoneFileReader.ReadAsync(stream, file.FileName, file.ContentType, options, cancellationToken);
    }
}
