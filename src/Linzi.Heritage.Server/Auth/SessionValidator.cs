using System.Collections.Concurrent;
using System.Security.Claims;
using Linzi.Heritage.Domain.Accounts;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Decides whether a signed token still stands: its user exists, is enabled, and has the security stamp the token
/// was issued with, and its sign-in session (claim <c>sid</c>) has not ended. Checked on every authenticated request,
/// so it answers from memory; the account editor, the one writer of accounts, puts each changed account in here after
/// saving it, and <see cref="SignInSessions"/> each session it ends, which keeps the cache exact within the process.
/// Thread-safe.
/// </summary>
/// <remarks>
/// A reader that loaded an account just before a change may race the editor's refresh; it only ever adds an entry
/// that is missing (GetOrAdd), while the editor overwrites, so the editor's newer value wins either way.
/// With several instances sharing state (State:Provider=Postgres), a change made through another instance arrives as
/// a notification (<c>SharedStateRefresher</c>, topic <c>accounts</c>), and <see cref="ForgetAll"/> drops the caches:
/// between the other instance's commit and that notification (milliseconds) this one still answers from its cache.
/// </remarks>
public sealed class SessionValidator(IUserStore users, ISessionStore signIns)
{
    // Past this many, the cache of sign-in sessions starts again (each is one sign-in; ended ones are never asked again).
    private const int MaxCachedSignIns = 50_000;

    private readonly ConcurrentDictionary<string, Session?> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _signIns = new(StringComparer.Ordinal);

    /// <summary>True when the principal's token still stands.</summary>
    public bool IsCurrent(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (AccountClaims.Username(principal) is not { } username)
        {
            return false;
        }

        // Tokens issued before stamps existed carry none; they match the empty stamp of accounts from then.
        var stamp = principal.FindFirstValue(AccountClaims.SecurityStamp) ?? string.Empty;
        var session = _sessions.GetOrAdd(username, static (name, store) => Of(store.Find(name)), users);
        return session is { Disabled: false } && session.Stamp == stamp && SignInStands(principal);
    }

    /// <summary>Takes a sign-in session as ended (called after ending it in the store).</summary>
    public void Ended(string sessionId) => _signIns[sessionId] = false;

    // A token without a session (issued before sessions existed, or not by us) stands for nothing that could be ended
    // at sign-out, so it is refused: every token names its session.
    private bool SignInStands(ClaimsPrincipal principal)
    {
        if (AccountClaims.Session(principal) is not { } sid)
        {
            return false;
        }

        if (_signIns.Count > MaxCachedSignIns)
        {
            _signIns.Clear();
        }

        return _signIns.GetOrAdd(sid, static (id, store) => store.Find(id) is { EndedAt: null }, signIns);
    }

    /// <summary>Forgets every cached account and sign-in session: another instance changed some.</summary>
    public void ForgetAll()
    {
        _sessions.Clear();
        _signIns.Clear();
    }

    /// <summary>Takes the account as saved (called by the writer after every change).</summary>
    public void Refresh(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _sessions[user.Username] = Of(user);
    }

    private static Session? Of(User? user) => user is null ? null : new Session(user.SecurityStamp, user.Disabled);

    private sealed record Session(string Stamp, bool Disabled);
}
