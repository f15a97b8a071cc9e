using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Storage.Integrity;

/// <summary>The HMAC key of the audit and alert chains and the anchor published to the log. Section <c>Integrity</c>.</summary>
public sealed class IntegrityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Integrity";

    /// <summary>
    /// The key file. Empty: <c>{DataDirectory}-keys/integrity.key</c>, a sibling of the data directory, so a copy of
    /// the data directory (or the <c>backup</c> command) never carries it. It must not lie inside the data directory.
    /// </summary>
    public string? KeyFile { get; init; }

    /// <summary>How often the chain heads are written to the log and the audit log as an anchor (and once at shutdown).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AnchorInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The key file for a data directory: <see cref="KeyFile"/>, or the sibling default.</summary>
    public static string KeyFileFor(string dataDirectory, string? keyFile)
    {
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        return string.IsNullOrWhiteSpace(keyFile) ? Path.Combine(data + "-keys", "integrity.key") : Path.GetFullPath(keyFile);
    }

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="dataDirectory"/>.</summary>
    public static bool IsInside(string path, string dataDirectory)
    {
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(data, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }
}
