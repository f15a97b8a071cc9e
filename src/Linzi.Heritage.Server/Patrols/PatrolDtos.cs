using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Patrols;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>A position as the phone sends it: <c>{"ts","lat","lon","accuracyM"}</c>.</summary>
public sealed record PositionDto(
    [property: JsonPropertyName("ts")] DateTimeOffset? Ts,
    [property: JsonPropertyName("lat")] double? Lat,
    [property: JsonPropertyName("lon")] double? Lon,
    [property: JsonPropertyName("accuracyM")] double? AccuracyM);

/// <summary>A visit on the wire.</summary>
public sealed record VisitDto(
    [property: JsonPropertyName("cellId")] string CellId,
    [property: JsonPropertyName("siteId")] string? SiteId,
    [property: JsonPropertyName("arrivedAt")] DateTimeOffset ArrivedAt,
    [property: JsonPropertyName("leftAt")] DateTimeOffset LeftAt,
    [property: JsonPropertyName("dwellSeconds")] long DwellSeconds)
{
    /// <summary>Maps a visit.</summary>
    public static VisitDto From(PatrolVisit visit) => new(visit.CellId, visit.SiteId, visit.ArrivedAt, visit.LeftAt, visit.DwellSeconds);
}

/// <summary>A patrol on the wire (<c>GET /api/patrols/{id}</c>).</summary>
public sealed record PatrolDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("inspector")] string Inspector,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("endedAt")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("visits")] IReadOnlyList<VisitDto> Visits,
    [property: JsonPropertyName("rejectedPositions")] int RejectedPositions,
    [property: JsonPropertyName("acceptedPositions")] int AcceptedPositions,
    [property: JsonPropertyName("currentCellId")] string? CurrentCellId,
    [property: JsonPropertyName("minDwellSeconds")] long MinDwellSeconds,
    [property: JsonPropertyName("silences")] int Silences,
    [property: JsonPropertyName("longestSilenceSeconds")] long LongestSilenceSeconds,
    [property: JsonPropertyName("silentSeconds")] long? SilentSeconds)
{
    /// <summary>
    /// Maps a patrol: its visits so far, the stay going on counted once it is long enough, and for a running patrol
    /// how long since its last accepted position (or its start), so a phone gone quiet shows before it speaks again.
    /// </summary>
    public static PatrolDto From(Patrol patrol, TimeSpan minDwell, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patrol);
        long? silent = patrol.IsActive ? (long)Math.Max(0, (now - (patrol.Last?.Ts ?? patrol.StartedAt)).TotalSeconds) : null;
        return new(
            patrol.Id, patrol.Inspector, patrol.StartedAt, patrol.EndedAt, [.. patrol.VisitsSoFar(minDwell).Select(VisitDto.From)],
            patrol.RejectedPositions, patrol.AcceptedPositions, patrol.Stay?.CellId, (long)minDwell.TotalSeconds,
            patrol.Silences, (long)patrol.LongestSilence.TotalSeconds, silent);
    }
}

/// <summary>A refused position in the answer to a batch.</summary>
public sealed record RefusalDto([property: JsonPropertyName("ts")] DateTimeOffset Ts, [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// The answer to a batch of positions: how many were used, which were refused and why, how many had been sent before
/// (left out: a resend), and the patrol now.
/// </summary>
public sealed record PositionsResultDto(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RefusalDto> Rejected,
    [property: JsonPropertyName("patrol")] PatrolDto Patrol,
    [property: JsonPropertyName("duplicates")] int Duplicates);

/// <summary>A point of a patrol's track (<c>GET /api/patrols/{id}/track</c>).</summary>
public sealed record TrackPointDto(
    [property: JsonPropertyName("ts")] DateTimeOffset Ts,
    [property: JsonPropertyName("lat")] double Lat,
    [property: JsonPropertyName("lon")] double Lon,
    [property: JsonPropertyName("accuracyM")] double? AccuracyM,
    [property: JsonPropertyName("rejected")] string? Rejected);
