namespace Linzi.Heritage.Server;

/// <summary>Log messages of alerting and housekeeping (event ids kept from the projects they moved from).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Alert {AlertId} raised: {RuleId} on {Device} ({Severity})")]
    public static partial void AlertRaised(this ILogger logger, string alertId, string ruleId, string device, string severity);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Warning, Message = "Flood control: {RuleId} on {Subject} not raised, {Limit}")]
    public static partial void AlertLimited(this ILogger logger, string ruleId, string subject, string limit);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Alert {AlertId} cleared: {RuleId} on {Subject}: {Note}")]
    public static partial void AlertCleared(this ILogger logger, string alertId, string ruleId, string subject, string note);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Alert {AlertId} upgraded to {Severity}: {RuleId} on {Subject}")]
    public static partial void AlertUpgraded(this ILogger logger, string alertId, string ruleId, string subject, string severity);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "Alert {AlertId} {Kind} to {To}")]
    public static partial void AlertEscalated(this ILogger logger, string alertId, string kind, string to);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Error, Message = "Checking escalation deadlines failed")]
    public static partial void EscalationCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Retention: deleted {Samples} raw samples, {Rollups} roll-ups and {Journal} consumed journal entries")]
    public static partial void RetentionSwept(this ILogger logger, int samples, int rollups, int journal);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Retention sweep failed")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Error, Message = "Pruning the alert feed failed")]
    public static partial void FeedPruneFailed(this ILogger logger, Exception exception);
}
