using System.Security.Cryptography;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Server.Accounts;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Sign-in sessions: a sign-in starts one and answers a short access token plus a refresh token; a refresh spends the
/// refresh token for a new pair (rotation); signing out ends the session, and with it every access token (claim
/// <c>sid</c>, checked by <see cref="SessionValidator"/>) and hub connection it has. A refresh token presented a second
/// time means a copy exists (stolen, or a client that lost a race): the session ends for both holders. Refresh tokens
/// are 256 random bits; the store keeps only their SHA-256. Thread-safe.
/// </summary>
public sealed class SignInSessions(
    ISessionStore store,
    IUserStore users,
    TokenService tokens,
    SessionValidator validator,
    HubSessions hubs,
    IOptions<AuthOptions> options,
    TimeProvider time,
    IAuditLog audit,
    ILogger<SignInSessions> logger)
{
    // Ended and expired sessions are kept a day (a reuse after the end still reads as "ended"), then purged.
    private static readonly TimeSpan KeepEnded = TimeSpan.FromDays(1);
    private long _nextPurge;

    /// <summary>Starts a session for a user who just proved their password, and answers its first tokens.</summary>
    public TokenResponse Start(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        PurgeNowAndThen(now);
        var session = new AuthSession(NewSecret(), user.Username, user.SecurityStamp, now, now + options.Value.SessionLifetime);
        var refresh = NewSecret();
        store.Add(session, Hash(refresh));
        return Answer(user, session, refresh);
    }

    /// <summary>A new access token and the next refresh token, or null when the refresh token is no good (any more).</summary>
    public TokenResponse? Refresh(string refreshToken)
    {
        ArgumentNullException.ThrowIfNull(refreshToken);
        var next = NewSecret();
        var now = time.GetUtcNow();
        var (outcome, session) = store.Rotate(Hash(refreshToken), Hash(next), now);
        switch (outcome)
        {
            case RefreshOutcome.Reused:
                logger.RefreshTokenReused(session!.Username, session.Id);
                audit.Record(SignInGuard.AuditEntity, session.Username, "refresh-reused", "anonymous", now, null, null);
                Closed(session.Id);
                return null;
            case RefreshOutcome.Rotated:
                break;
            default:
                return null;
        }

        // A password change, a new role or a disable since the sign-in ends the session, as it ends its access tokens.
        var user = users.Find(session!.Username);
        if (user is not { Disabled: false } || user.SecurityStamp != session.Stamp)
        {
            store.End(session.Id, now);
            Closed(session.Id);
            return null;
        }

        return Answer(user, session, next);
    }

    /// <summary>Ends a session (sign-out); false when there was none standing.</summary>
    public bool End(string sessionId, string username)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var now = time.GetUtcNow();
        var ended = store.End(sessionId, now);
        Closed(sessionId);
        if (ended)
        {
            logger.SignedOut(username, sessionId);
            audit.Record(SignInGuard.AuditEntity, username, "signed-out", username, now, null, null);
        }

        return ended;
    }

    /// <summary>The session a refresh token belongs to (for a sign-out without a valid access token), or null.</summary>
    public AuthSession? SessionOf(string refreshToken)
    {
        ArgumentNullException.ThrowIfNull(refreshToken);
        return store.FindByRefresh(Hash(refreshToken));
    }

    private TokenResponse Answer(User user, AuthSession session, string refresh)
    {
        var (access, expiresIn) = tokens.Issue(user, session);
        return new TokenResponse(access, "Bearer", expiresIn, user.Role, user.MustChangePassword, refresh);
    }

    private void Closed(string sessionId)
    {
        validator.Ended(sessionId);
        hubs.AbortSession(sessionId);
    }

    private void PurgeNowAndThen(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPurge);
        if (now.ToUnixTimeMilliseconds() >= due &&
            Interlocked.CompareExchange(ref _nextPurge, (now + TimeSpan.FromHours(1)).ToUnixTimeMilliseconds(), due) == due)
        {
            store.Purge(now - KeepEnded);
        }
    }

    private static string NewSecret() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
