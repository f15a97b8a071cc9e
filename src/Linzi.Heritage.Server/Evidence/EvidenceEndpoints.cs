using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Storage.Evidence;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Evidence;

/// <summary>
/// Evidence on an alert: photos and notes from the inspector's phone (<c>POST /api/alerts/{id}/attachments</c>,
/// multipart), their download, and the case export (<c>GET /api/alerts/{id}/case</c> as JSON, <c>/case.html</c> to
/// print): the alert, its readings around the time, its hash-checked history and its attachments.
/// </summary>
public static class EvidenceEndpoints
{
    /// <summary>How far either side of the alert the case export reaches for readings.</summary>
    public static readonly TimeSpan ReadingsAround = TimeSpan.FromMinutes(30);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts/{id}").RequireAuthorization(Policies.SignedIn);
        // The request size is set in the handler, from the options (per-file limit times the file count), before
        // anything is read; the server's default applies to every other endpoint.
        api.MapPost("/attachments", UploadAsync);
        api.MapGet("/attachments", (string id, HttpContext http, RegistryHolder registry, IAlertStore alerts, EvidenceStore evidence) =>
            Visible(id, http, registry, alerts) is { } _ ? Results.Ok(evidence.List(id)) : Results.NotFound());
        api.MapGet("/attachments/{attachmentId}", Download);
        api.MapGet("/case", async (string id, HttpContext http, RegistryHolder registry, IAlertStore alerts, EvidenceStore evidence, ITimeSeriesStore series, TimeProvider time) =>
            await CaseAsync(id, http, registry, alerts, evidence, series, time) is { } file ? Results.Ok(file) : Results.NotFound())
            .Audited("alert", "exported", "id");
        api.MapGet("/case.html", async (string id, HttpContext http, RegistryHolder registry, IAlertStore alerts, EvidenceStore evidence, ITimeSeriesStore series, TimeProvider time) =>
            await CaseAsync(id, http, registry, alerts, evidence, series, time) is { } file
                ? Results.Content(CasePage.Render(file, a => evidence.Open(a)), "text/html; charset=utf-8")
                : Results.NotFound())
            .Audited("alert", "exported", "id");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<Attachment>>, NotFound, ForbidHttpResult, ValidationProblem>> UploadAsync(
        string id, HttpContext http, RegistryHolder registry, IAlertStore alerts, AlertActions actions, EvidenceStore evidence,
        IOptions<EvidenceOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (alerts.Get(id) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        var scope = UserScope.For(http.User, registry.Current);
        if (!scope.CanAct(alert))
        {
            return TypedResults.Forbid();
        }

        var limits = options.Value;
        var (form, formField, formProblem) = await PhotoForm.ReadAsync(
            http, limits, 2, "one or more 'file' parts and an optional 'note'", cancellationToken);
        if (form is null)
        {
            return Invalid(formField!, formProblem!);
        }

        var note = form["note"].ToString() is { Length: > 0 } n ? n : null;
        if (AlertNotes.Problem(note) is { } noteProblem)
        {
            return Invalid("note", noteProblem);
        }

        if (form.Files.Count == 0 && note is null)
        {
            return Invalid("file", "Attach at least one photo or write a note.");
        }

        var (accepted, photoProblem) = await PhotoForm.CheckAsync(form.Files, limits, cancellationToken);
        if (photoProblem is not null)
        {
            return Invalid("file", photoProblem);
        }

        var held = evidence.List(id);
        var adding = accepted.Sum(a => a.File.Length);
        if (held.Count + accepted.Count > limits.MaxFilesPerAlert || held.Sum(a => a.Bytes) + adding > limits.MaxBytesPerAlert)
        {
            return Invalid("file", $"This alert holds {held.Count} photos ({held.Sum(a => a.Bytes) / 1048576.0:0.#} MB); an alert may hold {limits.MaxFilesPerAlert} photos and {limits.MaxBytesPerAlert / 1048576.0:0.#} MB.");
        }

        // The files are kept first; their events then go through the alert ledger in one change, so they never
        // interleave with transitions in the alert's hash chain.
        var now = time.GetUtcNow();
        var saved = new List<Attachment>();
        foreach (var (file, contentType, extension) in accepted)
        {
            await using var stream = file.OpenReadStream();
            saved.Add(await evidence.SaveAsync(id, file.FileName, contentType, extension, stream, scope.Username, now, note, cancellationToken));
        }

        List<(string Type, string? Note)> events = saved.Count == 0
            ? [("note", note)]
            : [.. saved.Select(a => ("attachment", (string?)$"{a.FileName} sha256:{a.Sha256} ({a.Bytes} bytes) {note}".TrimEnd()))];
        await actions.RecordEvidenceAsync(id, scope.Username, events);

        return TypedResults.Ok<IReadOnlyList<Attachment>>(saved);
    }

    private static IResult Download(string id, string attachmentId, HttpContext http, RegistryHolder registry, IAlertStore alerts, EvidenceStore evidence)
    {
        if (Visible(id, http, registry, alerts) is null ||
            evidence.List(id).FirstOrDefault(a => a.Id == attachmentId) is not { } attachment ||
            evidence.Open(attachment) is not { } stream)
        {
            return Results.NotFound();
        }

        return Results.File(stream, attachment.ContentType, attachment.FileName);
    }

    private static async Task<CaseFile?> CaseAsync(
        string id, HttpContext http, RegistryHolder registry, IAlertStore alerts, EvidenceStore evidence, ITimeSeriesStore series, TimeProvider time)
    {
        if (Visible(id, http, registry, alerts) is not { } alert)
        {
            return null;
        }

        var readings = alert.SiteId == AlertTransitions.SystemSiteId
            ? []
            : await series.QueryAsync(
                new HistoryQuery(alert.DeviceId, null, alert.RaisedAt - ReadingsAround, alert.LastAt + ReadingsAround, null), http.RequestAborted);
        var site = registry.Current.Sites.GetValueOrDefault(alert.SiteId);
        return new CaseFile(
            alert.AsDto(), site?.NameZh, AlertRouting.Chain(alert, registry.Current), alerts.Events(id), alerts.VerifyChain(id), evidence.List(id),
            readings, time.GetUtcNow());
    }

    // The alert when it exists and the caller may see it (a 404 hides alerts from those who may not).
    private static Alert? Visible(string id, HttpContext http, RegistryHolder registry, IAlertStore alerts) =>
        alerts.Get(id) is { } alert && UserScope.For(http.User, registry.Current).CanSee(alert) ? alert : null;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Everything about one alert, for a case file.</summary>
public sealed record CaseFile(
    AlertDto Alert,
    string? SiteName,
    IReadOnlyList<string> Chain,
    IReadOnlyList<AlertEvent> Events,
    ChainVerification History,
    IReadOnlyList<Attachment> Attachments,
    IReadOnlyList<SeriesPoint> Readings,
    DateTimeOffset ExportedAt);
