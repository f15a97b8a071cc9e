using System.Globalization;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules.Defaults;

/// <summary>
/// Suggests rules for a site from its protection level and materials: a vibration limit (the strictest material's
/// lower bound, raised inside the site's protection zone) and humidity bands per material. Suggestions are only
/// returned, never saved: the bureau reviews them and posts the ones it keeps. Pure.
/// </summary>
public static class DefaultRules
{
    /// <summary>The suggested rules, each with its <c>source</c>.</summary>
    public static IReadOnlyList<RuleDefinition> For(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var rules = new List<RuleDefinition>();
        var vibration = site.Materials
            .Select(m => HeritageLimits.VibrationLimit(site.Level, m))
            .OfType<LimitBand>()
            .MinBy(b => b.Min);
        if (vibration is not null)
        {
            rules.Add(new RuleDefinition
            {
                Id = $"{site.Id}-ppv-default",
                Name = $"{site.NameZh}保护范围振动超限（默认）",
                Severity = Severity.Red.ToWire(),
                Source = vibration.Source,
                Scope = new ScopeDefinition { SiteIds = [site.Id], ZoneKinds = [ZoneKind.Protection.ToWire()] },
                Condition = new ConditionDefinition { Metric = MetricNames.PpvMmS, Op = ComparisonOp.GreaterThan.ToWire(), Value = vibration.Min, ClearValue = Math.Round(vibration.Min * 0.8, 3) },
            });
        }

        foreach (var material in site.Materials.Distinct(StringComparer.Ordinal))
        {
            if (HeritageLimits.HumidityBand(material) is not { } band)
            {
                continue;
            }

            if (band.Max < 100)
            {
                rules.Add(Humidity(site, material, band, ComparisonOp.GreaterThan, band.Max, band.Max - 2, "high", "偏高"));
            }

            if (band.Min > 0)
            {
                rules.Add(Humidity(site, material, band, ComparisonOp.LessThan, band.Min, band.Min + 2, "low", "偏低"));
            }
        }

        return rules;
    }

    private static RuleDefinition Humidity(Site site, string material, LimitBand band, ComparisonOp op, double value, double clear, string suffix, string zh) => new()
    {
        Id = $"{site.Id}-rh-{material}-{suffix}-default",
        Name = string.Create(CultureInfo.InvariantCulture, $"{site.NameZh}湿度{zh}（{material}: {band.Min}–{band.Max}%，默认）"),
        Severity = Severity.Yellow.ToWire(),
        Source = band.Source,
        Scope = new ScopeDefinition { SiteIds = [site.Id] },
        Condition = new ConditionDefinition { Metric = MetricNames.RhPct, Op = op.ToWire(), Value = value, ClearValue = clear, SustainSeconds = 600 },
    };
}
