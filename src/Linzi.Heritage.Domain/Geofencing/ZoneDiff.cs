using Linzi.Heritage.Domain.Registry;
using NetTopologySuite.Algorithm.Distance;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Compares a site's zones with an upload that replaces those of the kinds it contains (an upload of protection
/// zones only leaves the construction-control zones alone). Pure and thread-safe.
/// </summary>
public static class ZoneDiff
{
    /// <summary>
    /// Default geometry tolerance in metres: below it a zone counts as unchanged. Half a metre absorbs the rounding
    /// of a round trip through another projection and six-decimal coordinates (about 0.1 m), and is well under
    /// what a surveyed boundary change moves.
    /// </summary>
    public const double DefaultToleranceM = 0.5;

    /// <summary>What replacing <paramref name="siteId"/>'s zones with <paramref name="imported"/> would change.</summary>
    /// <param name="siteId">The site whose zones the upload replaces.</param>
    /// <param name="existing">The registry's zones (of every site; the others are needed to find id conflicts).</param>
    /// <param name="imported">The validated upload.</param>
    /// <param name="toleranceM">Largest boundary movement, in metres, that still counts as unchanged.</param>
    public static ZoneChanges Compute(
        string siteId,
        IEnumerable<Zone> existing,
        IReadOnlyList<Zone> imported,
        double toleranceM = DefaultToleranceM)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(imported);
        var existingList = existing as IReadOnlyCollection<Zone> ?? [.. existing];
        var replaced = Replaced(siteId, existingList, imported).ToDictionary(z => z.Id, StringComparer.Ordinal);
        var importedById = imported.ToDictionary(z => z.Id, StringComparer.Ordinal);

        var added = importedById.Keys.Where(id => !replaced.ContainsKey(id));
        var removed = replaced.Keys.Where(id => !importedById.ContainsKey(id));
        var changed = importedById.Values.Where(z => replaced.TryGetValue(z.Id, out var old) && Differs(old, z, toleranceM));
        var conflicts = existingList.Where(z => z.SiteId != siteId && importedById.ContainsKey(z.Id)).Select(z => z.Id);

        return new ZoneChanges(Sorted(added), Sorted(changed.Select(z => z.Id)), Sorted(removed), Sorted(conflicts));
    }

    /// <summary>
    /// The registry's zones after the upload is applied: the site's zones of the uploaded kinds (and any whose id
    /// the upload reuses) give way to the upload; everything else stays.
    /// </summary>
    public static IReadOnlyList<Zone> Apply(string siteId, IEnumerable<Zone> existing, IReadOnlyList<Zone> imported)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(imported);
        var existingList = existing as IReadOnlyCollection<Zone> ?? [.. existing];
        var replaced = Replaced(siteId, existingList, imported).Select(z => z.Id).ToHashSet(StringComparer.Ordinal);
        return [.. existingList.Where(z => !replaced.Contains(z.Id)), .. imported];
    }

    /// <summary>
    /// How many fixed devices end up in a different set of zones at their registered position when the zones change
    /// from <paramref name="before"/> to <paramref name="after"/>. Mobile devices are left out: their zones follow
    /// each reading, not the registry.
    /// </summary>
    public static int CountDevicesMoved(IEnumerable<Device> devices, IEnumerable<Zone> before, IEnumerable<Zone> after)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var oldIndex = new ZoneIndex(before, []);
        var newIndex = new ZoneIndex(after, []);
        return devices.Count(d => !d.IsMobile &&
            !oldIndex.Locate(d.Lat, d.Lon).Zones.Select(z => z.Id)
                .SequenceEqual(newIndex.Locate(d.Lat, d.Lon).Zones.Select(z => z.Id), StringComparer.Ordinal));
    }

    /// <summary>
    /// True when the boundaries are more than <paramref name="toleranceM"/> apart anywhere (Hausdorff distance in
    /// UTM 50N metres). Boundaries, not areas: a hole added inside a zone moves no outer vertex, yet is a change.
    /// </summary>
    public static bool GeometryDiffers(Geometry a, Geometry b, double toleranceM = DefaultToleranceM)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var boundaryA = MetricProjection.Project(a).Boundary;
        var boundaryB = MetricProjection.Project(b).Boundary;

        // Densifying to a tenth of each segment makes the discrete (vertex-based) distance close to the true one.
        return DiscreteHausdorffDistance.Distance(boundaryA, boundaryB, 0.1) > toleranceM;
    }

    private static bool Differs(Zone old, Zone imported, double toleranceM) =>
        old.Kind != imported.Kind ||
        !string.Equals(old.Name, imported.Name, StringComparison.Ordinal) ||
        GeometryDiffers(old.Area, imported.Area, toleranceM);

    private static IEnumerable<Zone> Replaced(string siteId, IEnumerable<Zone> existing, IReadOnlyList<Zone> imported)
    {
        var kinds = imported.Select(z => z.Kind).ToHashSet();
        var ids = imported.Select(z => z.Id).ToHashSet(StringComparer.Ordinal);
        return existing.Where(z => z.SiteId == siteId && (kinds.Contains(z.Kind) || ids.Contains(z.Id)));
    }

    private static string[] Sorted(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];
}
