using Linzi.Heritage.Domain.Geofencing;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// What was read from a zone upload: its features, unvalidated, and the problems with the file as a whole
/// (unreadable, unknown projection). Immutable.
/// </summary>
/// <param name="Format">The format detected, or null when it could not be told.</param>
/// <param name="Features">The features in file order, each with the problems found reading it.</param>
/// <param name="Errors">Problems with the upload as a whole.</param>
internal sealed record ZoneFileReadResult(
    ZoneFileFormat? Format,
    IReadOnlyList<ZoneCandidate> Features,
    IReadOnlyList<ZoneImportError> Errors)
{
    /// <summary>A result with one file-level error and no features.</summary>
    public static ZoneFileReadResult Failed(ZoneFileFormat? format, string message) =>
        new(format, [], [ZoneImportError.File(message)]);

    /// <summary>
    /// Validates the features as zones of <paramref name="siteId"/>; the file-level errors come first. An upload is
    /// applied only when the answer has no errors.
    /// </summary>
    public ZoneImportValidation Validate(string siteId, ZoneImportLimits? limits = null)
    {
        var validation = ZoneImportValidator.Validate(siteId, Features, limits);
        return Errors.Count == 0 ? validation : validation with { Errors = [.. Errors, .. validation.Errors] };
    }
}
