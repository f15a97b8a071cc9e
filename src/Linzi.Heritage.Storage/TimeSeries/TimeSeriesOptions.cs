using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Storage.TimeSeries;

/// <summary>Which time-series store to use. Section <c>TimeSeries</c>.</summary>
public sealed class TimeSeriesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TimeSeries";

    /// <summary><c>Sqlite</c> (embedded default: nothing else to run) or <c>InfluxDb</c>.</summary>
    [RegularExpression("^(Sqlite|InfluxDb)$", ErrorMessage = "TimeSeries:Provider must be Sqlite or InfluxDb.")]
    public string Provider { get; init; } = "Sqlite";
}
