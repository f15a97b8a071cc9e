using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Server.Ingestion;

namespace Linzi.Heritage.Server.Monitoring;

/// <summary>
/// The state of the system at one moment as InfluxDB points, for Grafana's district, device-health and ingestion
/// dashboards: what readings alone cannot show (how many devices are online, how many alerts are active, the
/// journal backlog, rejections, write latency). Pure: the writer gathers the inputs and sends the points.
/// </summary>
/// <remarks>
/// Measurements: <c>ingestion</c> (tag <c>instance</c>), <c>ingestion_rejected</c> (<c>instance</c>, <c>reason</c>),
/// <c>alerts_active</c> (<c>site</c>, <c>severity</c>), <c>fleet</c> (<c>site</c>), <c>device_state</c>
/// (<c>device</c>, <c>site</c>, <c>kind</c>, <c>cell</c>) and <c>rule_thresholds</c> (<c>rule</c>, <c>metric</c>,
/// <c>site</c>, <c>severity</c>). Counters are totals since the server started (rejections:
/// ever), so Grafana takes <c>non_negative_derivative</c> for rates.
/// </remarks>
public static class OperationsSnapshot
{
    private static readonly Severity[] Severities = [Severity.Red, Severity.Orange, Severity.Yellow, Severity.Blue];

    /// <summary>Builds the points of one snapshot.</summary>
    public static List<PointData> Points(
        DateTimeOffset now, string instance, IngestionStatsDto stats, (long Batches, double MeanMs, double MaxMs) writes,
        IReadOnlyList<Alert> active, RegistrySnapshot registry, Func<string, DeviceStatus?> statusOf, Func<string, Reading?> latestOf)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(statusOf);
        ArgumentNullException.ThrowIfNull(latestOf);
        var at = now.ToUnixTimeMilliseconds();
        var points = new List<PointData> { Ingestion(at, instance, stats, writes) };
        points.AddRange(stats.RejectedTotal.Select(r =>
            Point("ingestion_rejected", at).Tag("instance", instance).Tag("reason", r.Key).Field("total", r.Value)));

        // Every site and severity, zeros included, so the charts draw continuous lines instead of gaps.
        var real = active.Where(a => !a.Drill).ToList();
        foreach (var site in registry.Sites.Keys.Append("system"))
        {
            foreach (var severity in Severities)
            {
                points.Add(Point("alerts_active", at).Tag("site", site).Tag("severity", severity.ToWire())
                    .Field("count", real.Count(a => a.SiteId == site && a.Severity == severity)));
            }
        }

        foreach (var site in registry.Sites.Keys)
        {
            var devices = registry.Devices.Values.Where(d => d.SiteId == site).ToList();
            points.Add(Point("fleet", at).Tag("site", site)
                .Field("devices", devices.Count).Field("online", devices.Count(d => statusOf(d.Id)?.Online == true)));
        }

        foreach (var device in registry.Devices.Values)
        {
            points.Add(DeviceState(at, now, device, registry, statusOf(device.Id), latestOf(device.Id)));
        }

        points.AddRange(Thresholds(at, registry));
        return points;
    }

    // The limits of threshold rules, per site they apply to, so the site dashboard draws them beside the readings
    // and follows rule changes without anyone editing a dashboard.
    private static IEnumerable<PointData> Thresholds(long at, RegistrySnapshot registry) =>
        from rule in registry.Rules
        where rule.Enabled && rule.Condition is ThresholdCondition
        let condition = (ThresholdCondition)rule.Condition
        from site in rule.Scope.SiteIds.Count > 0 ? rule.Scope.SiteIds : registry.Sites.Keys
        select Point("rule_thresholds", at).Tag("rule", rule.Id).Tag("metric", condition.Metric).Tag("site", site)
            .Tag("severity", rule.Severity.ToWire()).Field("value", condition.Value);

    private static PointData Ingestion(long at, string instance, IngestionStatsDto stats, (long Batches, double MeanMs, double MaxMs) writes)
    {
        var point = Point("ingestion", at).Tag("instance", instance)
            .Field("accepted", stats.Accepted)
            .Field("duplicates", stats.Duplicates)
            .Field("sequence_gaps", stats.SequenceGaps)
            .Field("refused", stats.Refused)
            .Field("rejected", stats.Rejected.Values.Sum())
            .Field("alerts_limited", stats.AlertsLimited)
            .Field("journal_position", stats.JournalPosition)
            .Field("backlog", stats.Consumers.Values.Select(c => c.Backlog).DefaultIfEmpty(0).Max())
            .Field("backlog_fill", stats.Backlog.Fill)
            .Field("parked_points", stats.ParkedPoints)
            .Field("write_batches", writes.Batches);
        foreach (var (name, consumer) in stats.Consumers)
        {
            point = point.Field("backlog_" + name, consumer.Backlog);
        }

        // No batch in the period: no latency to report (a zero would read as "instant").
        return writes.Batches == 0 ? point : point.Field("write_ms_mean", writes.MeanMs).Field("write_ms_max", writes.MaxMs);
    }

    private static PointData DeviceState(long at, DateTimeOffset now, Device device, RegistrySnapshot registry, DeviceStatus? status, Reading? latest)
    {
        var cell = registry.Locate(device, null, null).Cell?.Id ?? "none";
        var point = Point("device_state", at)
            .Tag("device", device.Id).Tag("site", device.SiteId).Tag("kind", device.Kind).Tag("cell", cell)
            .Field("online", status?.Online == true ? 1 : 0);
        if (status?.LastSeen is { } seen)
        {
            point = point.Field("seconds_since_seen", Math.Max(0, (now - seen).TotalSeconds));
        }

        if (latest?.BatteryV is { } battery)
        {
            point = point.Field("battery_v", battery);
        }

        return latest?.RssiDbm is { } rssi ? point.Field("rssi_dbm", rssi) : point;
    }

    private static PointData Point(string measurement, long at) => PointData.Measurement(measurement).Timestamp(at, WritePrecision.Ms);
}
