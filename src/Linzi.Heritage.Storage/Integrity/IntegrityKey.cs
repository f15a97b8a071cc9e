using System.Security.Cryptography;
using System.Text;

namespace Linzi.Heritage.Storage.Integrity;

/// <summary>
/// The HMAC key of the audit and alert hash chains (issue 15, hole 9). It lives in a file outside the data directory
/// (by default <c>{DataDirectory}-keys/integrity.key</c>), so someone who can write the databases, or who holds a copy
/// of the data directory, still cannot recompute a chain after changing a row. Created on first start with 32 random
/// bytes, readable by the owner only (0600). Thread-safe (immutable).
/// </summary>
public sealed class IntegrityKey
{
    /// <summary>The key length in bytes.</summary>
    public const int Length = 32;

    private readonly byte[] _key;

    /// <summary>A key from its bytes (tests, tools).</summary>
    public IntegrityKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < Length)
        {
            throw new ArgumentException($"An integrity key has at least {Length} bytes.", nameof(key));
        }

        _key = key.ToArray();
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(_key, "linzi-integrity-key-id"u8))[..16];
    }

    /// <summary>A short public fingerprint of the key (not the key), to tell which key a chain was written with.</summary>
    public string Id { get; }

    /// <summary>The file the key came from, when it came from one.</summary>
    public string? Path { get; private init; }

    /// <summary>Whether this process created the file (first start).</summary>
    public bool Created { get; private init; }

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="data"/> under the key.</summary>
    public string Mac(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, data));

    /// <summary>An incremental HMAC-SHA256 under the key, for digests over many values.</summary>
    public IncrementalHash CreateHmac() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    /// <summary>
    /// Reads the key at <paramref name="path"/>, creating it (and its folder, 0700) with 32 random bytes and mode 0600 if
    /// it does not exist. A file shorter than 32 bytes is refused rather than silently replaced.
    /// </summary>
    public static IntegrityKey LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var created = false;
        if (!File.Exists(full))
        {
            var bytes = RandomNumberGenerator.GetBytes(Length);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(full, options);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes) + "\n"));
                stream.Flush(flushToDisk: true);
                created = true;
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another process (or store) created it first: read theirs.
            }
        }

        var key = Parse(File.ReadAllText(full), full);
        return new IntegrityKey(key) { Path = full, Created = created };
    }

    private static byte[] Parse(string text, string path)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            if (key.Length >= Length)
            {
                return key;
            }
        }
        catch (FormatException)
        {
            // Reported below.
        }

        throw new InvalidOperationException(
            $"The integrity key file {path} does not hold a base64 key of at least {Length} bytes. Restore it from its backup; " +
            "do not replace it with a new one, or every stored chain stops verifying.");
    }
}
