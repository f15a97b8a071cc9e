using System.Security.Claims;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Linzi.Heritage.Server.Auth;

/// <summary>
/// Issues signed JWTs carrying the username, the role, the account's security stamp and, for a password someone
/// else set, the must-change flag. Thread-safe.
/// </summary>
public sealed class TokenService(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A token for the user and its lifetime in seconds.</summary>
    public (string Token, int ExpiresIn) Issue(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(Claims(user)),
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    private static IEnumerable<Claim> Claims(User user)
    {
        yield return new Claim(JwtRegisteredClaimNames.Sub, user.Username);
        yield return new Claim("name", user.Username);
        yield return new Claim("role", user.Role);
        yield return new Claim(AccountClaims.SecurityStamp, user.SecurityStamp);
        if (user.MustChangePassword)
        {
            yield return new Claim(AccountClaims.MustChangePassword, "true");
        }
    }
}
