using System.Globalization;
using Linzi.Heritage.Contracts.Vocabulary;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>
/// The server's own alert text, in Chinese for the people who read it on SMS and in other clients:
/// "殉马坑振动：振动速度 0.9 mm/s，超过限值 0.25 mm/s（hp-vib-01）". Metrics nobody labelled keep their raw name.
/// Pure and thread-safe.
/// </summary>
internal static class AlertText
{
    /// <summary>A value that met a limit.</summary>
    public static string Breach(string ruleName, string metric, double value, ComparisonOp op, double limit, string subject)
    {
        var label = MetricNames.LabelOf(metric);
        var name = label?.Zh ?? metric;
        var unit = label is { Unit.Length: > 0 } l ? " " + l.Unit : "";
        var relation = op switch
        {
            ComparisonOp.GreaterThan => "超过限值",
            ComparisonOp.GreaterOrEqual => "达到或超过限值",
            ComparisonOp.LessThan => "低于限值",
            _ => "达到或低于限值",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{ruleName}：{name} {value:0.###}{unit}，{relation} {limit:0.###}{unit}（{subject}）");
    }

    /// <summary>A value back on the safe side.</summary>
    public static string Cleared(string metric, double value, double limit)
    {
        var label = MetricNames.LabelOf(metric);
        var unit = label is { Unit.Length: > 0 } l ? " " + l.Unit : "";
        return string.Create(CultureInfo.InvariantCulture, $"{label?.Zh ?? metric} {value:0.###}{unit}，已回到 {limit:0.###}{unit} 以内");
    }
}
