using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Server.Auth;

/// <summary>Token settings. Section <c>Auth</c>.</summary>
public sealed class AuthOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// HMAC key for signing tokens (at least 32 characters). When empty, a random key is generated once and kept in
    /// the data directory, so tokens survive a restart without anyone having to invent a secret.
    /// </summary>
    public string? SigningKey { get; init; }

    /// <summary>
    /// Access token lifetime. Short, because a stolen access token cannot be called back once issued (only its
    /// session can); clients renew it with their refresh token (<c>POST /api/auth/refresh</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a sign-in session lasts, refreshing or not: twelve hours covers an inspector's shift without signing
    /// in again mid-patrol. Access tokens never outlive their session.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Issuer and audience written into tokens.</summary>
    public string Issuer { get; init; } = "linzi-heritage";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SessionLifetime < TokenLifetime)
        {
            yield return new ValidationResult("Auth:SessionLifetime must not be shorter than Auth:TokenLifetime.", [nameof(SessionLifetime)]);
        }
    }
}
