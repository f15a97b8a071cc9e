using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Storage.Journal;

/// <summary>Journal housekeeping. Section <c>Journal</c> (the backlog bound shares the section).</summary>
public sealed class JournalOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Journal";

    /// <summary>How long entries every consumer has processed are kept; a day allows a replay after a bad deploy.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan KeepConsumed { get; init; } = TimeSpan.FromDays(1);
}
