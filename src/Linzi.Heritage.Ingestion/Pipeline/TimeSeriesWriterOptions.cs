using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Ingestion.Pipeline;

/// <summary>How the time-series writer batches. Section <c>TimeSeries</c> (beside the store's own settings).</summary>
public sealed class TimeSeriesWriterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TimeSeries";

    /// <summary>
    /// After writing a batch that was not full, how long the writer gathers readings before the next one. Every write
    /// rewrites the index pages of each device and metric it touches, whatever the number of readings, so under load
    /// few large writes cost far less than many small ones (measured in bench/results/issue-16-cpu.md); a quiet device's
    /// reading is still written at once. Zero writes after every commit of the journal. Alerts never wait on it: the
    /// rules follow the journal on their own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);
}
