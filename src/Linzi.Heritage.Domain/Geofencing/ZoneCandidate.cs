using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// One feature of a zone upload as read from the file, before validation: every field may be missing or wrong.
/// Immutable.
/// </summary>
/// <param name="Index">Zero-based position in the file (across all layers of a zipped upload), used in error paths.</param>
/// <param name="Id">The <c>id</c> attribute, trimmed; null when absent or blank.</param>
/// <param name="Kind">The <c>kind</c> attribute as written (<c>protection</c> or <c>construction_control</c> when right).</param>
/// <param name="Name">The <c>name</c> attribute, trimmed; null when absent or blank.</param>
/// <param name="Geometry">The geometry in WGS84 lon/lat (x = lon, y = lat), already reprojected; null when unreadable.</param>
/// <param name="Errors">What went wrong reading this feature (an unreadable geometry, say).</param>
public sealed record ZoneCandidate(
    int Index,
    string? Id,
    string? Kind,
    string? Name,
    Geometry? Geometry,
    IReadOnlyList<ZoneImportError> Errors)
{
    /// <summary>The error path of a field of this feature: <c>features[3].geometry</c>.</summary>
    public string PathOf(string field) => ZoneImportError.FeaturePath(Index, field);

    /// <summary>An error on a field of this feature.</summary>
    public ZoneImportError Error(string field, string message) => new(PathOf(field), message, Id);
}
