namespace Linzi.Heritage.Server;

/// <summary>Log messages of sign-in (event ids 2041–2049: sign-in, sessions, kept apart for them).</summary>
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

    [LoggerMessage(EventId = 2045, Level = LogLevel.Warning, Message = "A spent refresh token of {Username} was presented again: session {SessionId} is ended (a copy of the token exists)")]
    public static partial void RefreshTokenReused(this ILogger logger, string username, string sessionId);

    [LoggerMessage(EventId = 2046, Level = LogLevel.Information, Message = "{Username} signed out (session {SessionId})")]
    public static partial void SignedOut(this ILogger logger, string username, string sessionId);
}
