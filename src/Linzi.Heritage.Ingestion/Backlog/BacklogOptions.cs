using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Ingestion.Backlog;

/// <summary>How much unwritten data the journal may hold while a store is down. Section <c>Journal</c>.</summary>
public sealed class BacklogOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Journal";

    /// <summary>Most readings waiting for a consumer. Ten million is about 2 GB of journal, or 40 minutes at the 50k/s target.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBacklogReadings { get; init; } = 10_000_000;

    /// <summary>Oldest a waiting reading may be. Three days covers a store outage over a long weekend.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxBacklogAge { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Fraction of either bound at which the bureau is warned, well before anything is refused.</summary>
    [Range(0.1, 0.99)]
    public double WarnAt { get; init; } = 0.8;

    /// <summary>How often the backlog is measured.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);
}
