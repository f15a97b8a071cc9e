using System.Security.Cryptography;

namespace Linzi.Heritage.Server.Accounts;

/// <summary>
/// Random passwords for new and reset accounts, shown once and changed at the first sign-in. 16 characters from 56
/// that cannot be mistaken for each other when read aloud or copied from paper (no 0/O, 1/l/I): about 93 bits.
/// Thread-safe.
/// </summary>
public static class TemporaryPasswords
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A new random password.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 16);
}
