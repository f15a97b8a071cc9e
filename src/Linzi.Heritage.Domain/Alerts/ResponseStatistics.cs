namespace Linzi.Heritage.Domain.Alerts;

/// <summary>Response figures of one group (a cell, an inspector, a chief).</summary>
/// <param name="Key">The cell id or username.</param>
/// <param name="Alerts">Alerts raised in the period.</param>
/// <param name="Acknowledged">How many were acknowledged.</param>
/// <param name="AcknowledgeMedianSeconds">Median time from raised to the first acknowledgement.</param>
/// <param name="AcknowledgeP90Seconds">90th percentile of the same.</param>
/// <param name="Resolved">How many were resolved by a person (not cleared by the system).</param>
/// <param name="ResolveMedianSeconds">Median time from raised to resolved by a person.</param>
/// <param name="ResolveP90Seconds">90th percentile of the same.</param>
/// <param name="Escalations">Escalation steps taken by the clock.</param>
/// <param name="OverdueOpen">Alerts still active whose acknowledge or resolve deadline has passed.</param>
/// <param name="Dispositions">Resolved alerts by disposition (including <c>cleared</c>).</param>
/// <param name="Arrived">How many an inspector reached on patrol after acknowledging (an <c>arrived</c> event).</param>
/// <param name="ArriveMedianSeconds">Median time from raised to the first arrival: time-to-arrive.</param>
/// <param name="ArriveP90Seconds">90th percentile of the same.</param>
public sealed record ResponseFigures(
    string Key,
    int Alerts,
    int Acknowledged,
    double? AcknowledgeMedianSeconds,
    double? AcknowledgeP90Seconds,
    int Resolved,
    double? ResolveMedianSeconds,
    double? ResolveP90Seconds,
    int Escalations,
    int OverdueOpen,
    IReadOnlyDictionary<string, int> Dispositions,
    int Arrived,
    double? ArriveMedianSeconds,
    double? ArriveP90Seconds);

/// <summary>Accountability statistics per cell, per grid inspector and per chief.</summary>
public sealed record ResponseReport(
    IReadOnlyList<ResponseFigures> Cells, IReadOnlyList<ResponseFigures> Inspectors, IReadOnlyList<ResponseFigures> Chiefs, ResponseFigures Total);

/// <summary>
/// Computes response statistics from alerts and their histories. Responsibility follows the map: an alert counts for
/// its cell, the cell's inspector, and every chief of the cell's chain (a cell-less alert for its site's chief).
/// Percentiles are nearest-rank. Pure.
/// </summary>
public static class ResponseStatistics
{
    /// <summary>Builds the report.</summary>
    /// <param name="alerts">Alerts with their events, oldest event first.</param>
    /// <param name="chainOf">The escalation chain of an alert.</param>
    /// <param name="clockStartOf">The start of an active alert's current escalation period (null: unknown).</param>
    /// <param name="timeouts">The escalation periods.</param>
    /// <param name="now">The current time, for overdue alerts.</param>
    public static ResponseReport Compute(
        IReadOnlyList<(Alert Alert, IReadOnlyList<AlertEvent> Events)> alerts,
        Func<Alert, IReadOnlyList<string>> chainOf,
        Func<Alert, DateTimeOffset?> clockStartOf,
        EscalationTimeouts timeouts,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(chainOf);
        ArgumentNullException.ThrowIfNull(clockStartOf);
        var cells = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var inspectors = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var chiefs = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i].Alert;
            var chain = chainOf(alert);
            if (alert.CellId is { } cell)
            {
                Add(cells, cell, i);
                if (chain.Count > 0)
                {
                    Add(inspectors, chain[0], i);
                }

                foreach (var chief in chain.Skip(1).Distinct(StringComparer.Ordinal))
                {
                    Add(chiefs, chief, i);
                }
            }
            else
            {
                foreach (var chief in chain.Distinct(StringComparer.Ordinal))
                {
                    Add(chiefs, chief, i);
                }
            }
        }

        ResponseFigures Figures(string key, IEnumerable<int> indices) =>
            Measure(key, [.. indices.Select(i => alerts[i])], clockStartOf, timeouts, now);

        return new ResponseReport(
            [.. cells.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Figures(c.Key, c.Value))],
            [.. inspectors.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Figures(c.Key, c.Value))],
            [.. chiefs.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => Figures(c.Key, c.Value))],
            Figures("total", Enumerable.Range(0, alerts.Count)));
    }

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 1) of values, or null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private static ResponseFigures Measure(
        string key, List<(Alert Alert, IReadOnlyList<AlertEvent> Events)> group, Func<Alert, DateTimeOffset?> clockStartOf,
        EscalationTimeouts timeouts, DateTimeOffset now)
    {
        var toAcknowledge = new List<double>();
        var toResolve = new List<double>();
        var toArrive = new List<double>();
        var dispositions = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var escalations = 0;
        var overdue = 0;
        foreach (var (alert, events) in group)
        {
            var raised = events.FirstOrDefault(e => e.Type == "raised")?.At ?? alert.UpdatedAt;
            if (events.FirstOrDefault(e => e.Type == "acknowledged") is { } ack)
            {
                toAcknowledge.Add((ack.At - raised).TotalSeconds);
            }

            if (events.FirstOrDefault(e => e.Type == "resolved") is { } resolved)
            {
                toResolve.Add((resolved.At - raised).TotalSeconds);
            }

            if (events.FirstOrDefault(e => e.Type == AlertEvent.Arrived) is { } arrived)
            {
                toArrive.Add((arrived.At - raised).TotalSeconds);
            }

            escalations += events.Count(e => e.Type == "escalated" && e.Actor == AlertEvent.SystemActor);
            if (alert.Disposition is { } disposition)
            {
                dispositions[disposition] = dispositions.GetValueOrDefault(disposition) + 1;
            }

            if (alert.IsActive && clockStartOf(alert) is { } start && Escalation.Deadline(alert, start, timeouts) is { } deadline && now >= deadline)
            {
                overdue++;
            }
        }

        return new ResponseFigures(
            key, group.Count, toAcknowledge.Count, Percentile(toAcknowledge, 0.5), Percentile(toAcknowledge, 0.9),
            toResolve.Count, Percentile(toResolve, 0.5), Percentile(toResolve, 0.9), escalations, overdue, dispositions,
            toArrive.Count, Percentile(toArrive, 0.5), Percentile(toArrive, 0.9));
    }

    private static void Add(Dictionary<string, List<int>> groups, string key, int index)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        list.Add(index);
    }
}
