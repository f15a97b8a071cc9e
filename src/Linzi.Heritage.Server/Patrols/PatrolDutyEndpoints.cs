using System.Globalization;
using System.Text.Json;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// <c>/api/patrol-duties</c> (how often each cell must be patrolled; the bureau writes, the people of the grid read) and
/// <c>/api/reports/patrol</c> (coverage per cell for a period, for a chief's area or the district; <c>.html</c> prints it,
/// <c>.csv</c> exports it).
/// </summary>
public static class PatrolDutyEndpoints
{
    /// <summary>The longest period one report covers.</summary>
    public static readonly TimeSpan LongestReport = TimeSpan.FromDays(366);

    // How long a replaced duty is kept for reports on the periods it governed: two years of weekly and yearly reports.
    private static readonly TimeSpan HistoryKept = TimeSpan.FromDays(2 * 366);

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapPatrolDutyApi(this IEndpointRouteBuilder app)
    {
        var duties = app.MapGroup("/api/patrol-duties").RequireAuthorization(Policies.Supervision);
        duties.MapGet("/", (IPatrolStore store) => TypedResults.Ok(store.Duties().Select(d => PatrolDutyMapper.ToDefinition(d.Duty))));
        duties.MapPut("/{cellId}", Put).RequireAuthorization(Policies.Bureau);
        duties.MapDelete("/{cellId}", Delete).RequireAuthorization(Policies.Bureau);
        duties.MapPost("/defaults", Defaults).RequireAuthorization(Policies.Bureau);
        app.MapGet("/api/patrol-coverage", Coverage).RequireAuthorization(Policies.Supervision);

        var reports = app.MapGroup("/api/reports").RequireAuthorization(Policies.Chiefs);
        reports.MapGet("/patrol", (string? from, string? to, string? chief, PatrolReports reports, HttpContext http) =>
            Report(from, to, chief, reports, http, report => TypedResults.Ok(report)));
        reports.MapGet("/patrol.html", (string? from, string? to, string? chief, PatrolReports reports, HttpContext http) =>
            Report(from, to, chief, reports, http, report => TypedResults.Content(PatrolReportPage.Render(report), "text/html; charset=utf-8")));
        reports.MapGet("/patrol.csv", (string? from, string? to, string? chief, PatrolReports reports, HttpContext http) =>
            Report(from, to, chief, reports, http, report => TypedResults.File(PatrolReportCsv.Render(report), "text/csv; charset=utf-8", "patrol-report.csv")));
        return app;
    }

    private static Results<Ok<PatrolDutyDefinition>, ValidationProblem, ProblemHttpResult> Put(
        string cellId, PatrolDutyDefinition? body, IPatrolStore store, RegistryHolder registry, IAuditLog audit, TimeProvider time, HttpContext http)
    {
        if (!registry.Current.Cells.ContainsKey(cellId))
        {
            return TypedResults.Problem(detail: $"There is no grid cell '{cellId}'.", statusCode: StatusCodes.Status404NotFound, title: "No such cell");
        }

        var user = http.Actor();
        var now = time.GetUtcNow();
        // The history is the server's: whatever a body says of earlier duties is dropped before it is read.
        var duty = PatrolDutyMapper.TryMap(cellId, body is null ? null : body with { Earlier = null, EndedAt = null }, user, now, out var errors);
        if (duty is null)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var before = store.Duty(cellId); // a withdrawn one too: the new duty keeps it in its history
        duty = Unchanged(before, duty)
            ? before! // saved again unchanged: it has been in force since it was first set
            : duty.Replacing(before, now - HistoryKept);

        store.PutDuty(duty);
        var definition = PatrolDutyMapper.ToDefinition(duty);
        audit.Record("patrol-duty", cellId, before switch { null => "created", { EndedAt: not null } => "reinstated", _ => "updated" }, user, now,
            before is null ? null : JsonSerializer.Serialize(PatrolDutyMapper.ToDefinition(before)), JsonSerializer.Serialize(definition));
        return TypedResults.Ok(definition);
    }

    // Withdraws the duty: it is no longer judged nor shown, and its open missed-patrol alert is cleared, but it is kept
    // (with its end) so that reports on the weeks it governed still count what was missed then.
    private static async Task<Results<NoContent, NotFound>> Delete(
        string cellId, IPatrolStore store, IPatrolAlerts alerts, IAuditLog audit, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        if (store.WithdrawDuty(cellId, now) is not { } duty)
        {
            return TypedResults.NotFound();
        }

        audit.Record("patrol-duty", cellId, "withdrawn", http.Actor(), now,
            JsonSerializer.Serialize(PatrolDutyMapper.ToDefinition(duty)), JsonSerializer.Serialize(PatrolDutyMapper.ToDefinition(duty with { EndedAt = now })));
        // Cleared now for the people watching; should this fail, the monitor's next round clears it (the store kept the deadline).
        await alerts.ClearMissedAsync(cellId, "patrol duty withdrawn");
        return TypedResults.NoContent();
    }

    // True when a save would change nothing: the same terms as the duty in force (a withdrawn one is set anew).
    private static bool Unchanged(PatrolDuty? before, PatrolDuty duty) =>
        before is { EndedAt: null } && PatrolDutyMapper.ToDefinition(before).Terms() == PatrolDutyMapper.ToDefinition(duty).Terms();

    // Duties by site class for every cell that touches a site's zone: Shandong's practice unless the body names other
    // frequencies per level ({"national":"P1D",…}) or for staffed sites of provincial level and above ({"staffed":"P1M"});
    // cells that have a duty keep it unless replace=true.
    private static Results<Ok<DutyDefaultsDto>, ValidationProblem> Defaults(
        bool? dryRun, bool? replace, Dictionary<string, string>? body, IPatrolStore store, RegistryHolder registry, IAuditLog audit, TimeProvider time,
        HttpContext http)
    {
        var errors = new ValidationErrors();
        var everyByLevel = new Dictionary<ProtectionLevel, PatrolEvery>(DutyDefaults.Shandong);
        var staffedEvery = DutyDefaults.ShandongStaffed;
        foreach (var (key, every) in body ?? [])
        {
            var parsedEvery = PatrolEvery.TryParse(every) is { IsSubDay: false } whole ? whole : null;
            var isLevel = ProtectionLevelNames.TryParse(key, out var level);
            if (!isLevel && key != "staffed")
            {
                errors.Add(key, "Not a protection level (national, provincial, municipal or county) nor \"staffed\".");
            }
            else if (parsedEvery is null)
            {
                errors.Add(key, $"'{every}' is not a duty of whole days, weeks, months or years (P1D, P1W, P1M, P3M).");
            }
            else if (isLevel)
            {
                everyByLevel[level] = parsedEvery;
            }
            else
            {
                staffedEvery = parsedEvery;
            }
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ByField);
        }

        var user = http.Actor();
        var now = time.GetUtcNow();
        // A withdrawn duty was the bureau's decision too: that cell keeps having none unless replace=true.
        var existing = store.AllDuties().ToDictionary(d => d.Duty.CellId, d => d.Duty, StringComparer.Ordinal);
        var defaults = DutyDefaults.For(registry.Current, everyByLevel, staffedEvery);
        var applied = defaults.Where(d => replace == true || !existing.ContainsKey(d.CellId)).ToList();
        if (dryRun != true)
        {
            Schedule.TryFindZone(null, out var zone);
            foreach (var duty in applied)
            {
                var set = new PatrolDuty(duty.CellId, duty.Every, null, null, zone, user, now) { FireCheck = duty.FireCheck };
                var before = existing.GetValueOrDefault(duty.CellId);
                if (!Unchanged(before, set))
                {
                    store.PutDuty(set.Replacing(before, now - HistoryKept)); // an unchanged duty stays in force from when it was set
                }
            }

            audit.Record("patrol-duty", "*", "defaults-applied", user, now, null,
                JsonSerializer.Serialize(applied.Select(d => new { d.CellId, d.SiteId, level = d.Level.ToWire(), every = d.Every.ToString(), fire = d.FireCheck })));
        }

        return TypedResults.Ok(new DutyDefaultsDto(
            dryRun == true,
            [.. applied.Select(d => new DefaultDutyDto(d.CellId, d.SiteId, d.Level.ToWire(), d.Every.ToString(), d.FireCheck))],
            [.. defaults.Where(d => !applied.Contains(d)).Select(d => d.CellId)]));
    }

    // Each duty cell the caller sees (an inspector their own, a chief their chain's, the bureau all), with where it
    // stands now: on time, due or overdue.
    private static Ok<IReadOnlyList<CoverageDto>> Coverage(IPatrolStore store, RegistryHolder registry, TimeProvider time, HttpContext http)
    {
        var snapshot = registry.Current;
        var scope = UserScope.For(http.User, snapshot);
        var now = time.GetUtcNow();
        var duties = store.Duties().Select(d => d.Duty).Where(d => snapshot.Cells.ContainsKey(d.CellId) && (scope.SeesAll || scope.VisibleCellIds!.Contains(d.CellId))).ToList();
        // From the start of the period before the upcoming one: the colour looks at both (a night window running since yesterday 22:00 too).
        var since = duties.Select(d => DutyCalendar.PeriodAt(d, DutyCalendar.NextDue(d, now).Start.AddTicks(-1)).Start).Append(now).Min();
        var visits = store.Visits(since, now.AddMinutes(1)).Select(v => v.Visit).ToList();
        IReadOnlyList<CoverageDto> coverage = [.. duties.Select(d => CoverageDto.From(CellCoverage.Of(d, visits, now), snapshot.Cells[d.CellId], d))];
        return TypedResults.Ok(coverage);
    }

    private static IResult Report<T>(string? from, string? to, string? chief, PatrolReports reports, HttpContext http, Func<PatrolReport, T> answer)
        where T : IResult
    {
        var errors = new ValidationErrors();
        var start = Time(from, "from", errors);
        var end = Time(to, "to", errors);
        var user = http.Actor();
        if (http.User.IsInRole(Roles.Chief))
        {
            // A chief reports on their own area only.
            if (chief is not null && chief != user)
            {
                return TypedResults.Forbid();
            }

            chief = user;
        }

        var (defaultFrom, defaultTo) = reports.LastWeek();
        start ??= end is { } e ? e - TimeSpan.FromDays(7) : defaultFrom;
        end ??= from is null ? defaultTo : start + TimeSpan.FromDays(7);
        if (errors.IsEmpty && (end <= start || end - start > LongestReport))
        {
            errors.Add("to", "The period must end after it starts and cover at most 366 days.");
        }

        return errors.IsEmpty ? answer(reports.Build(start.Value, end.Value, chief)) : TypedResults.ValidationProblem(errors.ByField);
    }

    // RFC 3339 times as given; a date or a time without an offset is read in China Standard Time, where the weeks of
    // the weekly report begin. Years outside 2000–2100 are refused before any arithmetic can overflow.
    private static DateTimeOffset? Time(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        Schedule.TryFindZone(null, out var china);
        DateTimeOffset? at = null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && HasOffset(text))
        {
            at = parsed;
        }
        else if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && local.Year is >= 2000 and <= 2100)
        {
            at = new DateTimeOffset(local, china.GetUtcOffset(local));
        }

        if (at is { Year: >= 2000 and <= 2100 })
        {
            return at;
        }

        errors.Add(field, $"'{text}' is not an RFC 3339 time (or a date) between 2000 and 2100.");
        return null;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}

/// <summary>Builds patrol reports from the stores (<see cref="PatrolReport.Build"/>).</summary>
public sealed class PatrolReports(IPatrolStore store, IAlertStore alerts, RegistryHolder registry, TimeProvider time)
{
    /// <summary>The last full calendar week (Monday to Monday) in China Standard Time: the weekly report's default.</summary>
    public (DateTimeOffset From, DateTimeOffset To) LastWeek()
    {
        Schedule.TryFindZone(null, out var zone);
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var to = new DateTimeOffset(monday, zone.GetUtcOffset(monday));
        return (to.AddDays(-7), to);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The report of a period for a chief's area (null: the district).</summary>
    public PatrolReport Build(DateTimeOffset from, DateTimeOffset to, string? chief)
    {
        var snapshot = registry.Current;
        var cells = snapshot.Cells.Values.Where(c => chief is null || c.Chiefs.Contains(chief)).ToList();
        var ids = cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        // Duties withdrawn since the period began still judge the part of it they governed.
        var duties = store.AllDuties().Select(d => d.Duty).Where(d => (d.EndedAt is null || d.EndedAt > from) && ids.Contains(d.CellId))
            .ToDictionary(d => d.CellId, StringComparer.Ordinal);
        // A duty period whose deadline falls in the range may have begun long before it (a monthly or quarterly duty).
        var earliest = duties.Values.Select(d => DutyCalendar.PeriodAt(d, from).Start).Append(from).Min();
        var visits = store.Visits(earliest, Max(to, time.GetUtcNow())).Select(v => v.Visit).Where(v => ids.Contains(v.CellId)).ToList();
        var raised = alerts.WithEvents(from, to, drill: false).Select(a => a.Alert);
        var cellAlerts = raised.Concat(alerts.Active()).Where(a => a.CellId is { } c && ids.Contains(c)).DistinctBy(a => a.Id).ToList();
        var reports = store.Reports(from, to).Where(r => ids.Contains(r.CellId)).ToList();
        return PatrolReport.Build(cells, duties, visits, cellAlerts, reports, from, to, chief, time.GetUtcNow()) with
        {
            Sites = PatrolReportSite.Of(snapshot, cells),
        };
    }
}

/// <summary>A cell's patrol coverage on the wire (<c>GET /api/patrol-coverage</c>).</summary>
public sealed record CoverageDto(
    [property: System.Text.Json.Serialization.JsonPropertyName("cellId")] string CellId,
    [property: System.Text.Json.Serialization.JsonPropertyName("cellName")] string CellName,
    [property: System.Text.Json.Serialization.JsonPropertyName("inspector")] string Inspector,
    [property: System.Text.Json.Serialization.JsonPropertyName("duty")] string Duty,
    [property: System.Text.Json.Serialization.JsonPropertyName("state")] string State,
    [property: System.Text.Json.Serialization.JsonPropertyName("lastVisit")] DateTimeOffset? LastVisit,
    [property: System.Text.Json.Serialization.JsonPropertyName("nextDeadline")] DateTimeOffset NextDeadline,
    [property: System.Text.Json.Serialization.JsonPropertyName("missedDeadline")] DateTimeOffset? MissedDeadline)
{
    /// <summary>Maps a coverage.</summary>
    public static CoverageDto From(CellCoverage coverage, GridCell cell, PatrolDuty duty) => new(
        coverage.CellId, cell.Name, cell.Inspector, PatrolReport.Describe(duty), Domain.Wire.WireName.Of(coverage.State), coverage.LastVisit,
        coverage.NextDeadline, coverage.MissedDeadline);
}

/// <summary>A cell's duty by site class: the site that asks the most of it, its level, how often, and whether the visit checks fire.</summary>
public sealed record DefaultDutyDto(
    [property: System.Text.Json.Serialization.JsonPropertyName("cellId")] string CellId,
    [property: System.Text.Json.Serialization.JsonPropertyName("siteId")] string SiteId,
    [property: System.Text.Json.Serialization.JsonPropertyName("level")] string Level,
    [property: System.Text.Json.Serialization.JsonPropertyName("every")] string Every,
    [property: System.Text.Json.Serialization.JsonPropertyName("fire")] bool Fire);

/// <summary>What <c>POST /api/patrol-duties/defaults</c> set (or would set), and the cells that kept their own duty.</summary>
public sealed record DutyDefaultsDto(
    [property: System.Text.Json.Serialization.JsonPropertyName("dryRun")] bool DryRun,
    [property: System.Text.Json.Serialization.JsonPropertyName("applied")] IReadOnlyList<DefaultDutyDto> Applied,
    [property: System.Text.Json.Serialization.JsonPropertyName("kept")] IReadOnlyList<string> Kept);
