using System.Security.Claims;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Issues signed JWTs carrying the username, the role, the account's security stamp, the sign-in session and, for a
/// password someone else set, the must-change flag. Every token expires (<c>exp</c>), and never after its session.
/// Thread-safe.
/// </summary>
public sealed class TokenService(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>An access token of the session for the user, and its lifetime in seconds.</summary>
    public (string Token, int ExpiresIn) Issue(User user, AuthSession session)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        expires = expires < session.ExpiresAt ? expires : session.ExpiresAt;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(Claims(user, session.Id)),
        });
        return (token, (int)(expires - now).TotalSeconds);
    }

    private static IEnumerable<Claim> Claims(User user, string sessionId)
    {
        yield return new Claim(JwtRegisteredClaimNames.Sub, user.Username);
        yield return new Claim("name", user.Username);
        yield return new Claim("role", user.Role);
        yield return new Claim(AccountClaims.SecurityStamp, user.SecurityStamp);
        yield return new Claim(AccountClaims.SessionId, sessionId);
        if (user.MustChangePassword)
        {
            yield return new Claim(AccountClaims.MustChangePassword, "true");
        }
    }
}
