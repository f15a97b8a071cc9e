using Linzi.Heritage.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Linzi.Heritage.Server.Auth;

/// <summary>Password hashing with ASP.NET Core Identity's PBKDF2 hasher (salted, versioned, slow on purpose).</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>Hashes a password.</summary>
    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Checks a password against a stored hash.</summary>
    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
}
