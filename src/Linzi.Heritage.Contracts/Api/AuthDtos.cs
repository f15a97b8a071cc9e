using System.Text.Json.Serialization;

namespace Linzi.Heritage.Contracts.Api;

/// <summary>Body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? Username, string? Password);

/// <summary>Answer of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("role")] string Role);
