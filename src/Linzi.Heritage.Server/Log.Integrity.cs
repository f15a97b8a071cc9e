namespace Linzi.Heritage.Server;

/// <summary>Log messages of the audit and alert chains' integrity (issue 15, hole 9).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2071, Level = LogLevel.Information, Message = "Integrity anchor: audit head {AuditHead} over {AuditEntries} entries (last id {AuditLastId}); alert chains {AlertHead} over {AlertEvents} events; at {At:O}")]
    public static partial void Anchor(this ILogger logger, string auditHead, long auditEntries, long auditLastId, string alertHead, long alertEvents, DateTimeOffset at);

    [LoggerMessage(EventId = 2072, Level = LogLevel.Error, Message = "The integrity anchor could not be written; the next one tries again")]
    public static partial void AnchorFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2073, Level = LogLevel.Warning, Message = "Alert chains re-keyed with the integrity key: {Alerts} alerts, {Events} events; {BrokenLeft} chains were already broken and stay so")]
    public static partial void AlertChainsRekeyed(this ILogger logger, int alerts, long events, int brokenLeft);

    [LoggerMessage(EventId = 2074, Level = LogLevel.Warning, Message = "The audit log was chained for the first time: {Entries} older entries chained now, not as they were written")]
    public static partial void AuditLogChained(this ILogger logger, long entries);
}
