using System.Globalization;

namespace Linzi.Heritage.Server.Readings;

/// <summary>Parses the compact durations InfluxQL and Grafana use: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>1w</c>.</summary>
public static class Durations
{
    /// <summary>Parses a duration; false when it is not of that form.</summary>
    public static bool TryParse(string value, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(value) || value.Length > 12 ||
            !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        TimeSpan? unit = value[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is null || n > TimeSpan.MaxValue.Ticks / unit.Value.Ticks)
        {
            return false;
        }

        duration = unit.Value * n;
        return true;
    }
}
