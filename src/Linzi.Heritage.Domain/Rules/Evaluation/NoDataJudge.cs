using System.Globalization;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>
/// Judges a device's silence against a no-data rule: nothing yet, a maintenance ticket, or possible tampering.
/// Pure and thread-safe; the caller supplies the clock.
/// </summary>
public static class NoDataJudge
{
    /// <summary>The alert to hold open for the silence, or null while the device is not silent for long enough.</summary>
    /// <param name="rule">A rule whose condition is a <see cref="NoDataCondition"/>.</param>
    /// <param name="context">The device and its location.</param>
    /// <param name="silentSince">The last sign of life: its last reading, or the moment its last will said offline.</param>
    /// <param name="now">The current time.</param>
    public static RuleMatch? Judge(Rule rule, ReadingContext context, DateTimeOffset silentSince, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(context);
        if (rule.Condition is not NoDataCondition condition || now - silentSince <= condition.After)
        {
            return null;
        }

        var reasons = new List<string>();
        if (condition.TamperWindow?.IsActive(now) == true)
        {
            reasons.Add("at night");
        }

        if (condition.TamperInHighRiskCells && context.Location.Cell is { RiskLevel: "high" } cell)
        {
            reasons.Add($"in high-risk cell {cell.Id}");
        }

        if (condition.TamperInProtectionZones && context.Location.Zones.Any(z => z.Kind == ZoneKind.Protection))
        {
            reasons.Add("inside a protection zone");
        }

        var silence = now - silentSince;
        var device = context.Device.Id;
        var minutes = silence.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
        if (condition.TamperSeverity is { } tamper && reasons.Count > 0)
        {
            return new RuleMatch(rule, condition.AlertMetric, Math.Round(silence.TotalSeconds))
            {
                Subject = device,
                Severity = tamper,
                Message = $"{rule.Name}: {device} silent for {minutes} min {string.Join(", ", reasons)}: possible tampering (power cut, opened enclosure), check on site",
            };
        }

        return new RuleMatch(rule, condition.AlertMetric, Math.Round(silence.TotalSeconds))
        {
            Subject = device,
            Message = rule.Message ?? $"{rule.Name}: {device} silent for {minutes} min: maintenance ticket",
        };
    }
}
