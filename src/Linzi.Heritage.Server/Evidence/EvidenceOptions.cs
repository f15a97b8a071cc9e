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
}
