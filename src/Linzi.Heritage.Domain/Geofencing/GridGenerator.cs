using System.Globalization;
using System.Text.RegularExpressions;
using Linzi.Heritage.Domain.Rules;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>
/// Lays a square supervision grid (网格) over a polygon. The grid is metric: squares of the given size in UTM zone 50N
/// (EPSG:32650), aligned to multiples of the size, intersected there and only then brought back to WGS84, so every
/// cell is the same size on the ground, which a lon/lat grid at 36.9° N would not be.
/// Numbering runs over the polygon's bounding box in UTM, widened to multiples of the size: row 1 is the northernmost
/// row, column 1 the westernmost column. Regenerating the same polygon at the same size gives the same ids.
/// Pure and thread-safe.
/// </summary>
public static partial class GridGenerator
{
    /// <summary>Smallest cell side in metres: below it GNSS error (a few metres) puts readings in the wrong cell.</summary>
    public const double MinSizeM = 10;

    /// <summary>Largest cell side in metres: 25 km² is more than one inspector can patrol on foot.</summary>
    public const double MaxSizeM = 5000;

    /// <summary>Default cap on the number of cells: each needs an inspector and shows on the bureau's map.</summary>
    public const int DefaultMaxCells = 2000;

    /// <summary>What a cell prefix must look like; the id <c>{prefix}-r{row}c{col}</c> then stays within 64 characters.</summary>
    public const string PrefixPattern = "^[a-z0-9][a-z0-9-]{0,31}$";

    /// <summary>A clipped cell smaller than this fraction of a whole cell is a sliver along the edge and is dropped.</summary>
    public const double SliverFraction = 0.01;

    // Snapping tolerance, in cells, when aligning the bounding box: a polygon drawn on grid lines (and rounded on its
    // way through WGS84) must not gain a row or column a micrometre wide.
    private const double AlignEpsilon = 1e-6;

    // How many bounding-box squares are examined at most, in multiples of the cap: enough for a thin diagonal polygon,
    // little enough that a 100 km polygon at 10 m is refused at once rather than computed.
    private const int ScanFactor = 50;

    private static readonly GeometryFactory Utm = new(new PrecisionModel(), MetricProjection.Srid);

    /// <summary>Generates the grid.</summary>
    /// <param name="polygon">The area to cover, a Polygon or MultiPolygon in WGS84 lon/lat (x = lon).</param>
    /// <param name="sizeM">Cell side in metres, <see cref="MinSizeM"/> to <see cref="MaxSizeM"/>.</param>
    /// <param name="prefix">Id prefix matching <see cref="PrefixPattern"/>.</param>
    /// <param name="clip">True: cells are cut to the polygon. False: whole squares that overlap it.</param>
    /// <param name="maxCells">Most cells allowed; more is an error asking for a larger size.</param>
    /// <param name="bounds">Where the polygon must lie; <see cref="GeoBounds.Linzi"/> when null.</param>
    public static GridGeneration Generate(
        Geometry? polygon,
        double sizeM,
        string? prefix,
        bool clip,
        int maxCells = DefaultMaxCells,
        GeoBounds? bounds = null)
    {
        var errors = Validate(polygon, sizeM, prefix, bounds ?? GeoBounds.Linzi);
        if (!errors.IsEmpty)
        {
            return new GridGeneration([], errors);
        }

        var area = MetricProjection.Project(polygon!);
        var frame = GridFrame.Around(area.EnvelopeInternal, sizeM);
        if ((long)frame.Rows * frame.Cols > (long)maxCells * ScanFactor)
        {
            errors.Add("sizeM", FormattableString.Invariant(
                $"The polygon spans {frame.Rows} × {frame.Cols} cells of {sizeM} m, far more than the {maxCells} allowed: choose a larger size."));
            return new GridGeneration([], errors);
        }

        var cells = new List<GeneratedCell>();
        var prepared = PreparedGeometryFactory.Prepare(area);
        var wholeArea = sizeM * sizeM;
        for (var row = 1; row <= frame.Rows; row++)
        {
            for (var col = 1; col <= frame.Cols; col++)
            {
                if (Cell(frame.Square(row, col), area, prepared, clip, wholeArea) is not { } shape)
                {
                    continue;
                }

                if (cells.Count == maxCells)
                {
                    errors.Add("sizeM", FormattableString.Invariant(
                        $"More than {maxCells} cells of {sizeM} m would cover the polygon: choose a larger size."));
                    return new GridGeneration([], errors);
                }

                cells.Add(new GeneratedCell(Id(prefix!, row, col), Name(prefix!, row, col), row, col, MetricProjection.Unproject(shape)));
            }
        }

        return new GridGeneration(cells, errors);
    }

    /// <summary>The id of a cell: <c>{prefix}-r{row}c{col}</c>.</summary>
    public static string Id(string prefix, int row, int col) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-r{row}c{col}");

    /// <summary>The default display name of a cell: <c>{prefix} 第{row}行第{col}列</c> (row r, column c).</summary>
    public static string Name(string prefix, int row, int col) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix} 第{row}行第{col}列");

    [GeneratedRegex(PrefixPattern, RegexOptions.CultureInvariant)]
    private static partial Regex PrefixRegex();

    private static ValidationErrors Validate(Geometry? polygon, double sizeM, string? prefix, GeoBounds bounds)
    {
        var errors = new ValidationErrors();
        if (!double.IsFinite(sizeM) || sizeM < MinSizeM || sizeM > MaxSizeM)
        {
            errors.Add("sizeM", FormattableString.Invariant($"Must be a number of metres from {MinSizeM} to {MaxSizeM}."));
        }

        if (prefix is null || !PrefixRegex().IsMatch(prefix))
        {
            errors.Add("prefix", "Required: lower-case letters, digits and '-', starting with a letter or digit, at most 32 characters.");
        }

        if (polygon is not (Polygon or MultiPolygon) || polygon.IsEmpty)
        {
            errors.Add("polygon", "Required: a non-empty Polygon or MultiPolygon in WGS84 longitude/latitude.");
        }
        else if (!bounds.Contains(polygon.EnvelopeInternal))
        {
            errors.Add("polygon", $"Lies outside the district ({bounds}).");
        }
        else if (!polygon.IsValid)
        {
            errors.Add("polygon", "Not a valid polygon (self-intersecting or badly ringed).");
        }

        return errors;
    }

    // The cell's shape in UTM, or null when it does not belong in the grid.
    private static Geometry? Cell(Polygon square, Geometry area, IPreparedGeometry prepared, bool clip, double wholeArea)
    {
        if (!prepared.Intersects(square))
        {
            return null;
        }

        if (prepared.Covers(square))
        {
            return square;
        }

        // OverlayNG called directly: the global default overlay is left to whoever configures NTS.
        var inside = Polygonal(OverlayNGRobust.Overlay(square, area, SpatialFunction.Intersection));
        if (clip)
        {
            return inside is not null && inside.Area >= SliverFraction * wholeArea ? inside : null;
        }

        // A square that only touches the polygon along an edge, or overlaps it by rounding noise, is not in it.
        return inside is not null && inside.Area > AlignEpsilon * wholeArea ? square : null;
    }

    // Intersection may add the lines and points where the polygon only touches the square; a cell keeps its area only.
    private static Geometry? Polygonal(Geometry geometry)
    {
        var polygons = PolygonExtracter.GetPolygons(geometry).Cast<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length switch
        {
            0 => null,
            1 => polygons[0],
            _ => Utm.CreateMultiPolygon(polygons),
        };
    }

    private sealed record GridFrame(double West, double North, double SizeM, int Rows, int Cols)
    {
        public static GridFrame Around(Envelope envelope, double sizeM)
        {
            var west = Math.Floor((envelope.MinX / sizeM) + AlignEpsilon) * sizeM;
            var east = Math.Ceiling((envelope.MaxX / sizeM) - AlignEpsilon) * sizeM;
            var south = Math.Floor((envelope.MinY / sizeM) + AlignEpsilon) * sizeM;
            var north = Math.Ceiling((envelope.MaxY / sizeM) - AlignEpsilon) * sizeM;
            var cols = Math.Max(1, (int)Math.Round((east - west) / sizeM));
            var rows = Math.Max(1, (int)Math.Round((north - south) / sizeM));
            return new GridFrame(west, north, sizeM, rows, cols);
        }

        public Polygon Square(int row, int col)
        {
            var x0 = West + ((col - 1) * SizeM);
            var y1 = North - ((row - 1) * SizeM);
            return Utm.ToGeometry(new Envelope(x0, x0 + SizeM, y1 - SizeM, y1)) as Polygon
                ?? throw new InvalidOperationException("A grid square is a polygon.");
        }
    }
}
