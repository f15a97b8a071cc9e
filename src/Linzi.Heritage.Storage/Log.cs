using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Storage;

/// <summary>Source-generated log messages of the stores. Event ids 3000–3999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "InfluxDB database ensured: {Created}, retention set: {Retained} (false: the server manages buckets and retention itself)")]
    public static partial void InfluxDatabaseEnsured(this ILogger logger, bool created, bool retained);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "InfluxDB is unreachable at start-up; readings wait in the journal until it answers")]
    public static partial void InfluxUnreachableAtStart(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Retention: deleted {Samples} raw samples, {Rollups} roll-ups and {Journal} consumed journal entries")]
    public static partial void RetentionSwept(this ILogger logger, int samples, int rollups, int journal);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Retention sweep failed")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception);

}
