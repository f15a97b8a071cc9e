namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// What replacing a site's zones with an upload would do, as sorted zone ids (ordinal). Immutable.
/// </summary>
/// <param name="Added">Ids in the upload that the site does not have.</param>
/// <param name="Changed">Ids in both whose name, kind or geometry (beyond the tolerance) differ.</param>
/// <param name="Removed">Ids of the site's zones, of the kinds in the upload, that the upload leaves out.</param>
/// <param name="Conflicts">Ids in the upload already used by another site's zone: zone ids are unique across the registry, so the upload cannot be applied.</param>
public sealed record ZoneChanges(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Conflicts)
{
    /// <summary>True when applying the upload would change nothing.</summary>
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;
}
