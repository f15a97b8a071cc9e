using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Storage.TimeSeries;

/// <summary>Which time-series store to use. Section <c>TimeSeries</c>.</summary>
public sealed class TimeSeriesOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TimeSeries";

    /// <summary>The embedded provider's name.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>The InfluxDB provider's name.</summary>
    public const string InfluxDb = "InfluxDb";

    /// <summary><c>Sqlite</c> (embedded default: nothing else to run) or <c>InfluxDb</c> (with the <c>InfluxDb</c> section).</summary>
    [RegularExpression("^(Sqlite|InfluxDb)$", ErrorMessage = "TimeSeries:Provider must be Sqlite or InfluxDb.")]
    public string Provider { get; init; } = Sqlite;
}
