using Linzi.Heritage.Domain.Geofencing;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>What a batch of positions did to a patrol.</summary>
/// <param name="Patrol">The patrol after the batch.</param>
/// <param name="Accepted">The positions used, oldest first.</param>
/// <param name="Rejected">The positions refused, with why.</param>
public sealed record TrackResult(Patrol Patrol, IReadOnlyList<PatrolPosition> Accepted, IReadOnlyList<RejectedPosition> Rejected);

/// <summary>
/// Turns a patrol's positions into visits: consecutive accepted positions inside one grid cell make a stay, and a stay
/// of at least <see cref="PatrolLimits.MinDwell"/> is a visit. A position is judged against the last accepted one, so a
/// spoofed jump is refused and the next honest position is judged against where the inspector really was. Pure.
/// </summary>
public static class PatrolTracking
{
    /// <summary>Applies a batch of positions (any order; judged by time) to a running patrol.</summary>
    public static TrackResult Track(Patrol patrol, IEnumerable<PatrolPosition> positions, ZoneIndex index, PatrolLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patrol);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(limits);
        var accepted = new List<PatrolPosition>();
        var rejected = new List<RejectedPosition>();
        var visits = new List<PatrolVisit>(patrol.Visits);
        var stay = patrol.Stay;
        var last = patrol.Last;
        var silence = (Count: patrol.Silences, Longest: patrol.LongestSilence);
        foreach (var position in positions.OrderBy(p => p.Ts))
        {
            if (Refusal(position, last, patrol.StartedAt, limits, now) is { } reason)
            {
                rejected.Add(new RejectedPosition(position, reason));
                continue;
            }

            var location = index.Locate(position.Lat, position.Lon);
            var cellId = location.Cell?.Id;
            if (stay is not null && stay.CellId == cellId && position.Ts - stay.LeftAt <= limits.MaxGap)
            {
                stay = stay with { LeftAt = position.Ts };
            }
            else
            {
                Close(stay, visits, limits);
                stay = cellId is null ? null : new PatrolVisit(cellId, location.Zones.Count > 0 ? location.Zones[0].SiteId : null, position.Ts, position.Ts);
            }

            silence = Silent(silence, position.Ts - (last?.Ts ?? patrol.StartedAt), limits);
            accepted.Add(position);
            last = position;
        }

        var tracked = patrol with
        {
            Visits = visits,
            Stay = stay,
            Last = last,
            AcceptedPositions = patrol.AcceptedPositions + accepted.Count,
            RejectedPositions = patrol.RejectedPositions + rejected.Count,
            Silences = silence.Count,
            LongestSilence = silence.Longest,
        };
        return new TrackResult(tracked, accepted, rejected);
    }

    /// <summary>
    /// The batch without the positions already judged (the same time to the millisecond, as stored, and the same place)
    /// and without repeats inside it: a phone that resends a batch whose answer it lost gets no refusals for it.
    /// </summary>
    public static IReadOnlyList<PatrolPosition> Unseen(IReadOnlyList<PatrolPosition> batch, IEnumerable<PatrolPosition> judged)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(judged);
        var seen = judged.Select(Key).ToHashSet();
        return [.. batch.Where(p => seen.Add(Key(p)))];
    }

    private static (long Ms, double Lat, double Lon) Key(PatrolPosition position) => (position.Ts.ToUnixTimeMilliseconds(), position.Lat, position.Lon);

    /// <summary>Ends a patrol: the stay going on becomes a visit if it was long enough.</summary>
    public static Patrol End(Patrol patrol, DateTimeOffset at, PatrolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(patrol);
        ArgumentNullException.ThrowIfNull(limits);
        var visits = new List<PatrolVisit>(patrol.Visits);
        Close(patrol.Stay, visits, limits);
        var silence = Silent((patrol.Silences, patrol.LongestSilence), at - (patrol.Last?.Ts ?? patrol.StartedAt), limits);
        return patrol with { EndedAt = at, Visits = visits, Stay = null, Silences = silence.Count, LongestSilence = silence.Longest };
    }

    // A gap longer than the phone's reporting interval is a silence: the patrol cannot show where the inspector was.
    private static (int Count, TimeSpan Longest) Silent((int Count, TimeSpan Longest) silence, TimeSpan gap, PatrolLimits limits) =>
        gap > limits.ReportEvery ? (silence.Count + 1, gap > silence.Longest ? gap : silence.Longest) : silence;

    private static void Close(PatrolVisit? stay, List<PatrolVisit> visits, PatrolLimits limits)
    {
        if (stay is not null && stay.LeftAt - stay.ArrivedAt >= limits.MinDwell)
        {
            visits.Add(stay);
        }
    }

    private static string? Refusal(PatrolPosition position, PatrolPosition? last, DateTimeOffset startedAt, PatrolLimits limits, DateTimeOffset now)
    {
        if (position.Ts > now + limits.ClockSkew)
        {
            return PatrolRejections.InFuture;
        }

        if (position.Ts < startedAt - limits.ClockSkew || (last is not null && position.Ts <= last.Ts))
        {
            return PatrolRejections.OutOfOrder;
        }

        if (position.AccuracyM > limits.MaxAccuracyM)
        {
            return PatrolRejections.Imprecise;
        }

        if (last is null)
        {
            return null;
        }

        // Both positions may be off by their stated accuracy (at most the limit): only the distance beyond that counts.
        var slack = Math.Min(last.AccuracyM ?? 0, limits.MaxAccuracyM) + Math.Min(position.AccuracyM ?? 0, limits.MaxAccuracyM);
        var metres = Math.Max(0, position.DistanceTo(last) - slack);
        var seconds = (position.Ts - last.Ts).TotalSeconds;
        return metres > limits.MaxSpeedKmh / 3.6 * seconds ? PatrolRejections.ImpossibleSpeed : null;
    }
}
