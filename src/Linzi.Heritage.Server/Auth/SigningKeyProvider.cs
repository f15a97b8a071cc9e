using System.Security.Cryptography;
using System.Text;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Linzi.Heritage.Server.Auth;

/// <summary>The token signing key: configured, or generated once and kept in the data directory. Thread-safe (lazy).</summary>
public sealed class SigningKeyProvider(IOptions<AuthOptions> options, DataFiles files)
{
    private readonly Lazy<SymmetricSecurityKey> _key = new(() => Load(options.Value, files));

    /// <summary>The key.</summary>
    public SymmetricSecurityKey Key => _key.Value;

    private static SymmetricSecurityKey Load(AuthOptions options, DataFiles files)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            if (options.SigningKey.Length < 32)
            {
                throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), ["Auth:SigningKey must be at least 32 characters."]);
            }

            return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey));
        }

        var path = Path.Combine(files.DataDirectory, "signing.key");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(64));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return new SymmetricSecurityKey(File.ReadAllBytes(path));
    }
}
