using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Server.Evidence;

/// <summary>Limits on photos attached to alerts. Section <c>Evidence</c>.</summary>
public sealed class EvidenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Evidence";

    /// <summary>Largest photo accepted. A phone photo is 2–6 MB.</summary>
    [Range(1024, 100L * 1024 * 1024)]
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Most photos in one upload.</summary>
    [Range(1, 50)]
    public int MaxFilesPerUpload { get; init; } = 10;

    /// <summary>
    /// The most photos one alert may hold, and their bytes together: a quota, so that one signed-in phone cannot fill
    /// the data disk (and with it stop ingestion) through one alert.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxFilesPerAlert { get; init; } = 100;

    /// <summary>See <see cref="MaxFilesPerAlert"/>.</summary>
    [Range(1024, 10L * 1024 * 1024 * 1024)]
    public long MaxBytesPerAlert { get; init; } = 300L * 1024 * 1024;

    /// <summary>The largest request an upload may be: every file at its limit, plus room for the note and the multipart framing.</summary>
    public long MaxRequestBytes => (MaxFileBytes * MaxFilesPerUpload) + (64 * 1024);
}
