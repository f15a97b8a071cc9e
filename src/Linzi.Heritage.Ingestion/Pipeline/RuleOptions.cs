using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>Rule engine settings. Section <c>Rules</c>.</summary>
public sealed class RuleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rules";

    /// <summary>
    /// Most new alerts one device may raise per hour, over all rules. A faulty sensor that flaps would otherwise bury
    /// the inspector; beyond the limit matches are counted and logged, not raised. Repeats of an open alert never count.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxNewAlertsPerDevicePerHour { get; init; } = 20;

    /// <summary>Most new alerts one rule may raise per hour, over all devices (a mis-set limit across a whole site).</summary>
    [Range(1, 1_000_000)]
    public int MaxNewAlertsPerRulePerHour { get; init; } = 200;

    /// <summary>How often silence (no-data rules) is checked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan NoDataCheckInterval { get; init; } = TimeSpan.FromSeconds(30);
}
