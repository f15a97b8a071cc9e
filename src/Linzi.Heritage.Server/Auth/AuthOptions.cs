namespace Linzi.Heritage.Server.Auth;

/// <summary>Token settings. Section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Auth";

    /// <summary>
    /// HMAC key for signing tokens (at least 32 characters). When empty, a random key is generated once and kept in
    /// the data directory, so tokens survive a restart without anyone having to invent a secret.
    /// </summary>
    public string? SigningKey { get; init; }

    /// <summary>Token lifetime. Twelve hours covers an inspector's shift without signing in again mid-patrol.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Issuer and audience written into tokens.</summary>
    public string Issuer { get; init; } = "linzi-heritage";
}
