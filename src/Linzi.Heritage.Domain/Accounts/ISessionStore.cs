namespace Linzi.Heritage.Domain.Accounts;

/// <summary>
/// A sign-in session: what a refresh token renews. <see cref="Stamp"/> is the account's security stamp at sign-in, so
/// that a password change, a new role or a disable also ends the sessions begun before it.
/// </summary>
public sealed record AuthSession(string Id, string Username, string Stamp, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>When it was ended (signed out, refresh token reused, account changed), or null while it stands.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>True when it stands at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => EndedAt is null && ExpiresAt > now;
}

/// <summary>What presenting a refresh token came to.</summary>
public enum RefreshOutcome
{
    /// <summary>The session's current token: it is spent, and the next one stands in its place.</summary>
    Rotated,

    /// <summary>No session ever had this token.</summary>
    Unknown,

    /// <summary>The session has ended or expired.</summary>
    Ended,

    /// <summary>A token of the session that was already spent: someone holds a copy, so the session is ended now.</summary>
    Reused,
}

/// <summary>
/// Port: sign-in sessions and their refresh tokens, kept as hashes (never the tokens). Each refresh spends the
/// session's current token and adds the next; spent tokens stay known until the session is purged, so that a reuse
/// can be told from a guess. Thread-safe; <see cref="Rotate"/> is atomic.
/// </summary>
public interface ISessionStore
{
    /// <summary>Adds a session with its first refresh token.</summary>
    void Add(AuthSession session, string refreshHash);

    /// <summary>The session, or null.</summary>
    AuthSession? Find(string id);

    /// <summary>The session a refresh token (current or spent) belongs to, or null.</summary>
    AuthSession? FindByRefresh(string refreshHash);

    /// <summary>
    /// Spends the presented token and adds <paramref name="nextHash"/> when it is the session's current one and the
    /// session stands; ends the session when the token was already spent. Returns the session, when there is one.
    /// </summary>
    (RefreshOutcome Outcome, AuthSession? Session) Rotate(string presentedHash, string nextHash, DateTimeOffset now);

    /// <summary>Ends the session; false when there is none or it had ended already.</summary>
    bool End(string id, DateTimeOffset at);

    /// <summary>Deletes sessions (and their tokens) that expired or ended before <paramref name="before"/>.</summary>
    int Purge(DateTimeOffset before);
}
