using System.Globalization;
using System.Text;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// Safe InfluxQL building blocks. Identifiers go in double quotes and strings in single quotes, each with its quote
/// and backslash escaped, so no id or metric name can end a literal and inject a statement.
/// </summary>
public static class InfluxQl
{
    /// <summary>A quoted identifier: <c>"name"</c>.</summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A quoted string literal: <c>'value'</c>.</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }

    /// <summary>An absolute time as epoch nanoseconds, which every InfluxQL version accepts.</summary>
    public static string Time(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() * 1_000_000L).ToString(CultureInfo.InvariantCulture);

    /// <summary>A duration literal in whole seconds (at least 1s).</summary>
    public static string Duration(TimeSpan duration) =>
        Math.Max(1L, (long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    /// <summary><c>WHERE "device" = '…' AND time &gt;= … AND time &lt; …</c></summary>
    public static string DeviceRange(string deviceId, DateTimeOffset from, DateTimeOffset to) =>
        new StringBuilder(" WHERE \"device\" = ").Append(Literal(deviceId))
            .Append(" AND time >= ").Append(Time(from)).Append(" AND time < ").Append(Time(to)).ToString();
}
