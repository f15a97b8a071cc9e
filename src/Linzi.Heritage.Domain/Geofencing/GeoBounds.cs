using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// A WGS84 lon/lat box that uploaded geometry must lie in: a sanity check that catches swapped lat/lon, a
/// projected file read as degrees, or a zone drawn in the wrong province. Immutable.
/// </summary>
/// <param name="MinLon">West edge, degrees east.</param>
/// <param name="MinLat">South edge, degrees north.</param>
/// <param name="MaxLon">East edge, degrees east.</param>
/// <param name="MaxLat">North edge, degrees north.</param>
public sealed record GeoBounds(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    /// <summary>
    /// Linzi district with a wide margin (about 90 km east–west, 65 km north–south around the Qi capital ruins at
    /// 36.86 N, 118.35 E), still well inside UTM zone 50N (114°–120° E), whose metres every check relies on.
    /// </summary>
    public static GeoBounds Linzi { get; } = new(117.5, 36.3, 119.5, 37.5);

    /// <summary>True when the whole envelope lies inside the box (edges included).</summary>
    public bool Contains(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return envelope.MinX >= MinLon && envelope.MaxX <= MaxLon && envelope.MinY >= MinLat && envelope.MaxY <= MaxLat;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        FormattableString.Invariant($"lon {MinLon}–{MaxLon}, lat {MinLat}–{MaxLat}");
}
