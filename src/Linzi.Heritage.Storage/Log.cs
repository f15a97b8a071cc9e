using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Storage;

/// <summary>Source-generated log messages of the stores. Event ids 3000–3999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "InfluxDB database ensured: {Created}, retention set: {Retained} (false: the server manages buckets and retention itself)")]
    public static partial void InfluxDatabaseEnsured(this ILogger logger, bool created, bool retained);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "InfluxDB is unreachable at start-up; readings wait in the journal until it answers")]
    public static partial void InfluxUnreachableAtStart(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Journal WAL checkpoint failed; retried in a second")]
    public static partial void JournalCheckpointFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Listening for other instances' changes in PostgreSQL failed; reconnecting in a second")]
    public static partial void StateChangesListenerFailed(this ILogger logger, Exception exception);
}
