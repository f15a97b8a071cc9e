using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Applies a ProjNet transform to every coordinate of a geometry (the metric projection, and the reprojection of
/// zone files). Not thread-safe, nor is a ProjNet transform: callers serialise or use one per geometry.
/// </summary>
public sealed class CoordinateTransformFilter(MathTransform transform) : IEntireCoordinateSequenceFilter
{
    /// <inheritdoc />
    public bool Done => false;

    /// <inheritdoc />
    public bool GeometryChanged => true;

    /// <inheritdoc />
    public void Filter(CoordinateSequence seq)
    {
        ArgumentNullException.ThrowIfNull(seq);
        for (var i = 0; i < seq.Count; i++)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
