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

    /// <summary>
    /// How long raw readings are kept (embedded store; for InfluxDB 1.x, the database's retention policy). A month
    /// of raw data covers any investigation of a recent incident.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RawRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long 5-minute roll-ups (min/mean/max/count) are kept in the embedded store: two years of trends.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "36500.00:00:00")]
    public TimeSpan RollupRetention { get; init; } = TimeSpan.FromDays(730);
}
