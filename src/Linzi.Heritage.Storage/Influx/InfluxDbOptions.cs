using System.ComponentModel.DataAnnotations;
using InfluxDB.Client;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>InfluxDB connection, used when <c>TimeSeries:Provider=InfluxDb</c>. Section <c>InfluxDb</c>.</summary>
public sealed class InfluxDbOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "InfluxDb";

    /// <summary>Base URL, such as <c>http://127.0.0.1:8086</c>.</summary>
    [Required]
    [Url]
    public string Url { get; init; } = "http://127.0.0.1:8086";

    /// <summary>API token (2.x/3.x). Empty for a 1.x server without authentication.</summary>
    public string Token { get; init; } = "";

    /// <summary>Organisation (2.x); ignored by 1.x and 3.x.</summary>
    public string Org { get; init; } = "linzi";

    /// <summary>Bucket (2.x/3.x) or database (1.x).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "InfluxDb:Bucket must be 1-64 of letters, digits, '_', '.', '-'.")]
    public string Bucket { get; init; } = "heritage";

    /// <summary>Timeout of one write or query attempt. Ten seconds covers a 5,000-point batch on a busy server.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the server writes its operations snapshot (ingestion, fleet, active alerts) for Grafana.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An InfluxDB.Client for these settings; the caller disposes it.</summary>
    public InfluxDBClient CreateClient() => new(new InfluxDBClientOptions(Url)
    {
        // The client insists on a token; a 1.x server without authentication ignores whatever is sent.
        Token = string.IsNullOrEmpty(Token) ? "none" : Token,
        Org = Org,
        Bucket = Bucket,
        Timeout = AttemptTimeout,
    });
}
