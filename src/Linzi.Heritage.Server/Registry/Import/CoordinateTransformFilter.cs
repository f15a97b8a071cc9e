using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>Applies a ProjNet transform to every coordinate of a geometry. Not thread-safe (nor is the transform).</summary>
internal sealed class CoordinateTransformFilter(MathTransform transform) : IEntireCoordinateSequenceFilter
{
    public bool Done => false;

    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq)
    {
        for (var i = 0; i < seq.Count; i++)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
