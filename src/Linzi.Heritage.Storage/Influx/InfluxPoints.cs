using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// The InfluxDB schema (docs/influxdb.md): measurement <c>telemetry</c>, one field per metric; measurement
/// <c>device_health</c> with <c>battery_v</c> and <c>rssi_dbm</c>. Tags: <c>site</c>, <c>device</c>, <c>kind</c>,
/// <c>cell</c>, <c>zone</c> (the strictest zone kind the reading was taken in, or <c>none</c>). The timestamp is the
/// device's, in milliseconds, so a replayed reading lands on the same point and overwrites itself.
/// </summary>
public static class InfluxPoints
{
    /// <summary>Readings measurement.</summary>
    public const string Telemetry = "telemetry";

    /// <summary>Device health measurement.</summary>
    public const string DeviceHealth = "device_health";

    /// <summary>Builds the points of a batch of readings, enriched from the registry snapshot.</summary>
    public static List<PointData> From(IReadOnlyList<Reading> readings, RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(registry);
        var points = new List<PointData>(readings.Count);
        foreach (var reading in readings)
        {
            var (kind, cell, zone) = Describe(reading, registry);
            var ts = reading.Timestamp.ToUnixTimeMilliseconds();
            var point = Tagged(PointData.Measurement(Telemetry), reading, kind, cell, zone).Timestamp(ts, WritePrecision.Ms);
            foreach (var value in reading.Values)
            {
                point = point.Field(value.Name, value.Value);
            }

            points.Add(point);
            if (reading.BatteryV is not null || reading.RssiDbm is not null)
            {
                var health = Tagged(PointData.Measurement(DeviceHealth), reading, kind, cell, zone).Timestamp(ts, WritePrecision.Ms);
                health = reading.BatteryV is { } battery ? health.Field("battery_v", battery) : health;
                health = reading.RssiDbm is { } rssi ? health.Field("rssi_dbm", rssi) : health;
                points.Add(health);
            }
        }

        return points;
    }

    private static PointData Tagged(PointData point, Reading reading, string kind, string cell, string zone) =>
        point.Tag("site", reading.SiteId).Tag("device", reading.DeviceId).Tag("kind", kind).Tag("cell", cell).Tag("zone", zone);

    private static (string Kind, string Cell, string Zone) Describe(Reading reading, RegistrySnapshot registry)
    {
        if (!registry.Devices.TryGetValue(reading.DeviceId, out var device))
        {
            return ("unknown", "none", "none");
        }

        var location = registry.Locate(device, reading.Lat, reading.Lon);
        var zone = location.Zones.Any(z => z.Kind == ZoneKind.Protection) ? "protection"
            : location.Zones.Count > 0 ? "construction_control"
            : "none";
        return (device.Kind, location.Cell?.Id ?? "none", zone);
    }
}
