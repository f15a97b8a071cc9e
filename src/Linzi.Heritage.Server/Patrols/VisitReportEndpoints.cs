using System.Globalization;
using System.Text.Json;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Admin;
using Linzi.Heritage.Server.Evidence;
using Linzi.Heritage.Storage.Evidence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// <c>/api/patrols/{id}/reports</c>: the inspector records a visit of the patrol (一到、二看、三查、四照) with the
/// checklist's answers, a note, and at least one distant and one close photo taken in the cell; the photos are kept
/// as evidence and their hashes go into the hash-chained audit log. Read by whoever may see the patrol.
/// </summary>
public static class VisitReportEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapVisitReportApi(this IEndpointRouteBuilder app)
    {
        var patrols = app.MapGroup("/api/patrols").RequireAuthorization(Policies.Supervision);
        patrols.MapPost("/{id}/reports", AddAsync).RequireAuthorization(Policies.Inspector);
        patrols.MapGet("/{id}/reports", List);
        patrols.MapGet("/{id}/photos/{attachmentId}", Photo);
        return app;
    }

    /// <summary>The evidence store's key of a patrol's photos.</summary>
    public static string EvidenceKey(string patrolId) => "patrol-" + patrolId;

    private static async Task<Results<Created<VisitReport>, ValidationProblem, NotFound, ForbidHttpResult>> AddAsync(
        string id, HttpContext http, IPatrolStore store, RegistryHolder registry, EvidenceStore evidence, IAuditLog audit, TimeProvider time,
        IOptions<EvidenceOptions> evidenceOptions, IOptions<PatrolOptions> patrolOptions, ILogger<PatrolRecorder> logger, CancellationToken cancellationToken)
    {
        var user = http.Actor();
        if (store.Find(id) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        if (stored.Patrol.Inspector != user)
        {
            return TypedResults.Forbid();
        }

        var limits = evidenceOptions.Value;
        var (form, formField, formProblem) = await PhotoForm.ReadAsync(
            http, limits, 5, "'cellId', 'checks' (JSON), 'note', 'lat', 'lon' and 'distant' and 'close' photo parts", cancellationToken);
        if (form is null)
        {
            return Invalid(formField!, formProblem!);
        }

        var cellId = form["cellId"].ToString();
        var snapshot = registry.Current;
        if (!stored.Patrol.VisitsSoFar(patrolOptions.Value.MinDwell).Any(v => v.CellId == cellId) || !snapshot.Cells.TryGetValue(cellId, out var cell))
        {
            return Invalid("cellId", $"'{cellId}' is not a cell this patrol has visited: a report needs the visit first (一到).");
        }

        var checks = Checks(form["checks"].ToString());
        var note = form["note"].ToString() is { Length: > 0 } n ? n : null;
        var views = form.Files.Select(f => f.Name).ToList();
        var items = ChecklistEndpoints.ItemsFor(cell, store, snapshot);
        var errors = VisitChecklist.Check(cell, items, checks, note, Number(form["lat"]), Number(form["lon"]), views, patrolOptions.Value.ArrivalRadiusM);
        if (form.Files.Any(f => !VisitChecklist.Views.Contains(f.Name)))
        {
            errors.Add("file", "Name each photo part 'distant' or 'close'.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var (photos, photoProblem) = await PhotoForm.CheckAsync(form.Files, limits, cancellationToken);
        if (photoProblem is not null)
        {
            return Invalid("file", photoProblem);
        }

        // A patrol's photos have the same quota as an alert's, so no one can fill the data directory through reports.
        var held = evidence.List(EvidenceKey(id));
        if (held.Count + photos.Count > limits.MaxFilesPerAlert || held.Sum(a => a.Bytes) + photos.Sum(p => p.File.Length) > limits.MaxBytesPerAlert)
        {
            return Invalid("file", $"This patrol holds {held.Count} photos; a patrol may hold {limits.MaxFilesPerAlert} photos and {limits.MaxBytesPerAlert / 1048576.0:0.#} MB.");
        }

        var now = time.GetUtcNow();
        var kept = new List<ReportPhoto>();
        foreach (var photo in photos)
        {
            await using var stream = photo.File.OpenReadStream();
            var saved = await evidence.SaveAsync(EvidenceKey(id), photo.File.FileName, photo.ContentType, photo.Extension, stream, user, now, photo.File.Name, cancellationToken);
            kept.Add(new ReportPhoto(photo.File.Name, saved.Id, saved.FileName, saved.Sha256, saved.Bytes));
        }

        var report = new VisitReport(id, user, cellId, now, checks!, note, Number(form["lat"])!.Value, Number(form["lon"])!.Value, kept);
        store.AddReport(report);
        audit.Record("patrol-report", id, "reported", user, now, null, JsonSerializer.Serialize(report));
        logger.PatrolReported(id, cellId, report.Problems, user);
        return TypedResults.Created($"/api/patrols/{id}/reports", report);
    }

    private static Results<Ok<IReadOnlyList<VisitReport>>, NotFound, ForbidHttpResult> List(string id, IPatrolStore store, RegistryHolder registry, HttpContext http)
    {
        if (store.Find(id) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        return PatrolEndpoints.MaySee(http, stored.Patrol, registry.Current) ? TypedResults.Ok(store.ReportsOf(id)) : TypedResults.Forbid();
    }

    private static IResult Photo(string id, string attachmentId, IPatrolStore store, RegistryHolder registry, EvidenceStore evidence, HttpContext http)
    {
        if (store.Find(id) is not { } stored || !PatrolEndpoints.MaySee(http, stored.Patrol, registry.Current)
            || evidence.List(EvidenceKey(id)).FirstOrDefault(a => a.Id == attachmentId) is not { } attachment
            || evidence.Open(attachment) is not { } content)
        {
            return Results.NotFound();
        }

        return Results.File(content, attachment.ContentType);
    }

    private static Dictionary<string, string>? Checks(string json)
    {
        try
        {
            return json.Length == 0 ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
