namespace Linzi.Heritage.Ingestion.Alerts;

/// <summary>
/// Sliding one-hour limits on new alerts per device and per rule. Not thread-safe: <see cref="AlertService"/> calls
/// it under its lock.
/// </summary>
internal sealed class FloodControl(RuleOptions options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byRule = new(StringComparer.Ordinal);

    /// <summary>Admits a new alert, or names the limit it would break.</summary>
    public string? TryAdmit(string ruleId, string deviceId, DateTimeOffset now)
    {
        var device = Recent(_byDevice, deviceId, now);
        var rule = Recent(_byRule, ruleId, now);
        if (device.Count >= options.MaxNewAlertsPerDevicePerHour)
        {
            return $"device {deviceId} raised {device.Count} alerts in the last hour";
        }

        if (rule.Count >= options.MaxNewAlertsPerRulePerHour)
        {
            return $"rule {ruleId} raised {rule.Count} alerts in the last hour";
        }

        device.Enqueue(now);
        rule.Enqueue(now);
        return null;
    }

    private static Queue<DateTimeOffset> Recent(Dictionary<string, Queue<DateTimeOffset>> map, string key, DateTimeOffset now)
    {
        if (!map.TryGetValue(key, out var times))
        {
            map[key] = times = new Queue<DateTimeOffset>();
        }

        while (times.TryPeek(out var oldest) && now - oldest >= Window)
        {
            times.Dequeue();
        }

        return times;
    }
}
