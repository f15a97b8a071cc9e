using System.Security.Cryptography;
using Linzi.Heritage.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Linzi.Heritage.Server.Auth;

/// <summary>Password hashing with ASP.NET Core Identity's PBKDF2 hasher (salted, versioned, slow on purpose).</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>
    /// A hash of a random password nobody knows, made by the same hasher (same algorithm and iteration count) as
    /// real ones. Sign-in verifies it for an unknown or disabled username, so that such an answer costs the same time
    /// as a wrong password and timing cannot tell which usernames exist.
    /// </summary>
    public static string DummyHash { get; } = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Hashes a password.</summary>
    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Checks a password against a stored hash.</summary>
    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>
    /// True when the user exists, is enabled and the password is theirs. Always verifies exactly one hash: the
    /// user's, or <see cref="DummyHash"/> for an unknown or disabled user.
    /// </summary>
    public static bool Check(User? user, string password) => Check(user, password, Verify);

    /// <summary><see cref="Check(User?, string)"/> with the verification given (tests watch which hash it verifies).</summary>
    internal static bool Check(User? user, string password, Func<string, string, bool> verify)
    {
        var usable = user is { Disabled: false };
        var matches = verify(usable ? user!.PasswordHash : DummyHash, password);
        return usable && matches;
    }
}
