using Linzi.Heritage.Ingestion.Pipeline;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// Sliding one-hour limits on new alerts per device and per rule. Not thread-safe: <see cref="RuleAlerts"/> calls
/// it inside ledger changes, which run one at a time.
/// </summary>
internal sealed class FloodControl(RuleOptions options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byRule = new(StringComparer.Ordinal);
    private readonly Dictionary<(string RuleId, string Subject), DateTimeOffset> _warned = [];
    private readonly List<(string RuleId, string DeviceId, DateTimeOffset At)> _attempt = [];

    /// <summary>Starts a ledger change's attempt: what it admits can be taken back by <see cref="Rollback"/>.</summary>
    public void Begin() => _attempt.Clear();

    /// <summary>
    /// Takes back what the last attempt admitted: the ledger decides a change again when another instance committed
    /// first, and the alerts the refused attempt would have raised were never raised.
    /// </summary>
    public void Rollback()
    {
        foreach (var (ruleId, deviceId, at) in _attempt)
        {
            RemoveLast(_byDevice, deviceId, at);
            RemoveLast(_byRule, ruleId, at);
        }

        _attempt.Clear();
    }

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
        _attempt.Add((ruleId, deviceId, now));
        return null;
    }

    /// <summary>
    /// True the first time a (rule, subject) is refused in an hour, so the log names each flood once instead of on
    /// every reading (a thousand silent sensors would otherwise write a thousand warnings every check).
    /// </summary>
    public bool ShouldWarn(string ruleId, string subject, DateTimeOffset now)
    {
        if (_warned.TryGetValue((ruleId, subject), out var last) && now - last < Window)
        {
            return false;
        }

        if (_warned.Count > 10_000)
        {
            _warned.Clear(); // Bounded memory; at worst a flood is named twice.
        }

        _warned[(ruleId, subject)] = now;
        return true;
    }

    // The queues hold at most the hourly limits, so rebuilding one is cheap.
    private static void RemoveLast(Dictionary<string, Queue<DateTimeOffset>> map, string key, DateTimeOffset at)
    {
        if (map.TryGetValue(key, out var times) && times.Contains(at))
        {
            var kept = times.ToList();
            kept.RemoveAt(kept.LastIndexOf(at));
            map[key] = new Queue<DateTimeOffset>(kept);
        }
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
