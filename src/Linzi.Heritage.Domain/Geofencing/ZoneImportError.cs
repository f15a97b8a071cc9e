using System.Globalization;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// A problem with a zone upload: where (<c>features[3].geometry</c>, or <c>file</c> for the upload as a whole),
/// which feature by id when it has one, and what. Immutable.
/// </summary>
/// <param name="Path">JSON-style path of the field: <c>features[3].geometry</c>, <c>features[0].kind</c> or <c>file</c>.</param>
/// <param name="Message">What is wrong, in a sentence a surveyor can act on.</param>
/// <param name="FeatureId">The feature's id, when it has one, so the message can name the zone as well as its position.</param>
public sealed record ZoneImportError(string Path, string Message, string? FeatureId = null)
{
    /// <summary>The path of the upload as a whole, for errors that belong to no one feature.</summary>
    public const string FilePath = "file";

    /// <summary>The path of a feature's field: <c>features[3].geometry</c>.</summary>
    public static string FeaturePath(int index, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"features[{index}].{field}");

    /// <summary>An error about the upload as a whole (unreadable, unknown projection).</summary>
    public static ZoneImportError File(string message) => new(FilePath, message);

    /// <summary>The message with the feature's id in front when it has one: <c>'xunma-pit': Self-intersection at …</c>.</summary>
    public string Describe() => FeatureId is null ? Message : $"'{FeatureId}': {Message}";

    /// <summary>Collects errors in the RFC 9457 shape the endpoints answer with, keyed by <see cref="Path"/>.</summary>
    public static ValidationErrors ToValidationErrors(IEnumerable<ZoneImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new ValidationErrors();
        foreach (var error in errors)
        {
            result.Add(error.Path, error.Describe());
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Path}: {Describe()}";
}
