using System.Security.Cryptography;
using System.Text;

namespace Linzi.Heritage.Ingestion.Devices;

/// <summary>
/// Device secrets: generated with 256 bits of entropy, stored only as a salted SHA-256 hash.
/// A slow password hash (PBKDF2) buys nothing against brute force of a 256-bit random secret but would cost
/// every MQTT connect tens of milliseconds, so a single salted hash is the right trade here. Thread-safe.
/// </summary>
public static class DeviceSecrets
{
    private const string Scheme = "sha256";

    /// <summary>A new random secret, URL-safe base64 without padding (43 characters).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hashes a secret for storage: <c>sha256$salt$hash</c>.</summary>
    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{Scheme}${Convert.ToBase64String(salt)}${Convert.ToBase64String(Compute(salt, secret))}";
    }

    /// <summary>Checks a presented secret against a stored hash in constant time.</summary>
    public static bool Verify(string? secret, string? storedHash)
    {
        if (secret is null || storedHash is null)
        {
            return false;
        }

        var parts = storedHash.Split('$');
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            return false;
        }

        var salt = Convert.FromBase64String(parts[1]);
        var expected = Convert.FromBase64String(parts[2]);
        return CryptographicOperations.FixedTimeEquals(Compute(salt, secret), expected);
    }

    private static byte[] Compute(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));
}
