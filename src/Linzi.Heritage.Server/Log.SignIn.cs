namespace Linzi.Heritage.Server;

/// <summary>Log messages of sign-in (event ids 2041–2049, kept apart for them).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2041, Level = LogLevel.Warning, Message = "Sign-in failed for {Username} from {Address}: {Reason}")]
    public static partial void SignInFailed(this ILogger logger, string username, string address, string reason);

    [LoggerMessage(EventId = 2042, Level = LogLevel.Warning, Message = "Sign-in for {Username} locked for {Seconds} s after {Failures} failures in a row (lockout {Lockout} without a success between)")]
    public static partial void SignInLocked(this ILogger logger, string username, int seconds, int failures, int lockout);

    [LoggerMessage(EventId = 2043, Level = LogLevel.Warning, Message = "Sign-in refused: too many attempts for {Scope} {Key} (from {Address})")]
    public static partial void SignInThrottled(this ILogger logger, string scope, string key, string address);

    [LoggerMessage(EventId = 2044, Level = LogLevel.Information, Message = "Sign-in for {Username} from {Address} refused: the username is locked")]
    public static partial void SignInRefusedWhileLocked(this ILogger logger, string username, string address);
}
