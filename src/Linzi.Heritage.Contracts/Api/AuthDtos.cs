using System.Text.Json.Serialization;

namespace Linzi.Heritage.Contracts.Api;

/// <summary>Body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? Username, string? Password);

/// <summary>
/// Answer of <c>POST /api/auth/token</c> and <c>POST /api/auth/refresh</c>. When <see cref="MustChangePassword"/> is
/// true (a new or reset password), the token works only for <c>POST /api/auth/password</c> until the password is
/// changed. <see cref="RefreshToken"/> buys the next access token once (<c>POST /api/auth/refresh</c>).
/// </summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("mustChangePassword")] bool MustChangePassword = false,
    [property: JsonPropertyName("refreshToken")] string? RefreshToken = null);

/// <summary>Body of <c>POST /api/auth/refresh</c>, and optionally of <c>POST /api/auth/signout</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Body of <c>POST /api/auth/password</c>.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
