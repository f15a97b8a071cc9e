using Linzi.Heritage.Domain.Registry;
using System.Security.Cryptography;
using System.Text;

namespace Linzi.Heritage.Ingestion.Devices;

/// <summary>
/// Device secrets: generated with 256 bits of entropy, stored only as a salted SHA-512 hash in Mosquitto's
/// <c>$6$salt$hash</c> password-file format, so the same hashes can be handed to an external Mosquitto
/// (<c>mosquitto-config</c>) without anyone knowing a secret. A slow hash (PBKDF2) buys nothing against brute force
/// of a 256-bit random secret but would cost every MQTT connect milliseconds. Thread-safe.
/// </summary>
public static class DeviceSecrets
{
    private const string Scheme = "6";

    /// <summary>A new random secret, URL-safe base64 without padding (43 characters).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Hashes a secret for storage: <c>$6$salt$hash</c> (base64), as Mosquitto's password files hold them.</summary>
    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(12);
        return $"${Scheme}${Convert.ToBase64String(salt)}${Convert.ToBase64String(Compute(secret, salt))}";
    }

    /// <summary>Checks a presented secret against a stored hash in constant time.</summary>
    public static bool Verify(string? secret, string? storedHash)
    {
        if (secret is null || storedHash is null)
        {
            return false;
        }

        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0].Length != 0 || parts[1] != Scheme)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Compute(secret, Convert.FromBase64String(parts[2])), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when the secret matches the device's current secret, or its previous one within the grace after a rotation.</summary>
    public static bool Accepts(DeviceCredential? credential, string? secret, DateTimeOffset now) =>
        credential is not null && credential.HashesValidAt(now).Any(hash => Verify(secret, hash));

    // Mosquitto's $6$: SHA-512 over the password bytes followed by the salt bytes.
    private static byte[] Compute(string secret, byte[] salt) => SHA512.HashData([.. Encoding.UTF8.GetBytes(secret), .. salt]);
}
