using System.ComponentModel.DataAnnotations;
using Linzi.Heritage.Domain.Patrols;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>Settings of patrol duty (section <c>Patrols</c>); see docs/patrols.md.</summary>
public sealed class PatrolOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Patrols";

    /// <summary>How long an inspector must stay inside a cell for a visit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "04:00:00")]
    public TimeSpan MinDwell { get; set; } = PatrolLimits.Default.MinDwell;

    /// <summary>A longer silence between two positions inside a cell ends the stay.</summary>
    [Range(typeof(TimeSpan), "00:02:00", "02:00:00")]
    public TimeSpan MaxGap { get; set; } = PatrolLimits.Default.MaxGap;

    /// <summary>Faster than this between two positions (km/h) and the later one is refused as impossible.</summary>
    [Range(20, 1000)]
    public double MaxSpeedKmh { get; set; } = PatrolLimits.Default.MaxSpeedKmh;

    /// <summary>A position with a worse stated accuracy (metres) is refused.</summary>
    [Range(5, 5000)]
    public double MaxAccuracyM { get; set; } = PatrolLimits.Default.MaxAccuracyM;

    /// <summary>How long patrol positions (location history) are kept; visits stay.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PositionRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the duty monitor looks for missed patrols.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan DutyCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most positions one request may carry (a phone that was offline sends its backlog in pieces).</summary>
    [Range(1, 10_000)]
    public int MaxPositionsPerRequest { get; set; } = 1000;

    /// <summary>How near an alert's device (metres) an inspector on patrol counts as arrived.</summary>
    [Range(5, 2000)]
    public double ArrivalRadiusM { get; set; } = 50;

    /// <summary>The phone must send a position at least this often during a patrol; longer silences are counted on the patrol.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ReportEvery { get; set; } = PatrolLimits.Default.ReportEvery;

    /// <summary>The tracker's limits.</summary>
    public PatrolLimits Limits => new(MinDwell, MaxGap, MaxSpeedKmh, MaxAccuracyM, PatrolLimits.Default.ClockSkew, ReportEvery);
}
