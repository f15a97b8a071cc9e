using System.ComponentModel.DataAnnotations;

namespace Linzi.Heritage.Storage;

/// <summary>Where local state lives. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>Folder for the SQLite files (journal, state, embedded time series). Relative to the working directory, like the contract's <c>./data</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; init; } = "data";
}
