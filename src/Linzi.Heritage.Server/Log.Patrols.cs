namespace Linzi.Heritage.Server;

/// <summary>Log messages of patrol duty.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2076, Level = LogLevel.Warning, Message = "Patrol duty of cell {CellId} missed: no visit before {Deadline}")]
    public static partial void PatrolMissed(this ILogger logger, string cellId, DateTimeOffset deadline);

    [LoggerMessage(EventId = 2077, Level = LogLevel.Error, Message = "The patrol duty check failed; the next round tries again")]
    public static partial void PatrolDutyCheckFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2078, Level = LogLevel.Warning, Message = "Patrol {PatrolId} of {Inspector}: {Count} position(s) refused ({Reasons})")]
    public static partial void PatrolPositionsRefused(this ILogger logger, string patrolId, string inspector, int count, string reasons);

    [LoggerMessage(EventId = 2079, Level = LogLevel.Information, Message = "Patrol {PatrolId} {Action} by {Inspector}")]
    public static partial void PatrolChanged(this ILogger logger, string patrolId, string action, string inspector);

    [LoggerMessage(EventId = 2080, Level = LogLevel.Information, Message = "{Count} patrol position(s) past their retention deleted")]
    public static partial void PatrolPositionsExpired(this ILogger logger, int count);

    [LoggerMessage(EventId = 2081, Level = LogLevel.Error, Message = "Deleting expired patrol positions failed; the next round tries again")]
    public static partial void PatrolRetentionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2082, Level = LogLevel.Information, Message = "{Inspector} arrived on patrol at the place of alert {AlertId}")]
    public static partial void PatrolArrived(this ILogger logger, string inspector, string alertId);

    [LoggerMessage(EventId = 2083, Level = LogLevel.Information, Message = "Patrol {PatrolId}: visit to {CellId} reported by {Inspector}, {Problems} problem(s) found")]
    public static partial void PatrolReported(this ILogger logger, string patrolId, string cellId, int problems, string inspector);
}
