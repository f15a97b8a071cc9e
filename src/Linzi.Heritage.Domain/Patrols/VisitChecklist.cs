using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// The visit checklist (一到、二看、三查、四照) and what a report must hold: an answer to every item, a note when
/// something is wrong, at least one distant and one close photo, taken in or beside the cell visited. A cell whose
/// duty asks for a fire patrol adds the fire item. Pure.
/// </summary>
public static class VisitChecklist
{
    /// <summary>The answer when all is well.</summary>
    public const string Ok = "ok";

    /// <summary>The answer when something is wrong: a finding.</summary>
    public const string Problem = "problem";

    /// <summary>The fire-safety item (火源、消防器材), asked where the duty says so.</summary>
    public const string Fire = "fire";

    /// <summary>The photo views required, at least one each.</summary>
    public static readonly IReadOnlyList<string> Views = ["distant", "close"];

    /// <summary>
    /// The items every visit answers: <c>site</c> (二看: the remains and their setting intact), <c>digging</c> (三查: no
    /// digging, earth taken or unapproved building) and <c>markers</c> (三查: boundary markers, fences and signs intact).
    /// </summary>
    public static readonly IReadOnlyList<string> Items = ["site", "digging", "markers"];

    /// <summary>The items of a visit to a cell with this duty (none: the basic items).</summary>
    public static IReadOnlyList<string> For(PatrolDuty? duty) => duty?.FireCheck == true ? [.. Items, Fire] : Items;

    /// <summary>Checks a report's answers, note, photos and geotag; the errors by field, empty when it may be kept.</summary>
    /// <param name="cell">The cell visited.</param>
    /// <param name="duty">Its duty, if any.</param>
    /// <param name="checks">The answers.</param>
    /// <param name="note">The note.</param>
    /// <param name="lat">Where the photos were taken.</param>
    /// <param name="lon">Longitude of the same.</param>
    /// <param name="views">The view of each photo.</param>
    /// <param name="toleranceM">How far outside the cell a geotag may lie (GPS error).</param>
    public static ValidationErrors Check(
        GridCell cell, PatrolDuty? duty, IReadOnlyDictionary<string, string>? checks, string? note, double? lat, double? lon, IReadOnlyList<string> views,
        double toleranceM)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(views);
        var errors = new ValidationErrors();
        var items = For(duty);
        if (checks is null)
        {
            errors.Add("checks", $"Answer every item with \"ok\" or \"problem\": {string.Join(", ", items)}.");
        }
        else
        {
            foreach (var item in items.Where(i => !checks.ContainsKey(i)))
            {
                errors.Add($"checks.{item}", "This item needs an answer: \"ok\" or \"problem\".");
            }

            foreach (var (item, answer) in checks)
            {
                if (!items.Contains(item))
                {
                    errors.Add($"checks.{item}", $"Not an item of this visit's checklist: {string.Join(", ", items)}.");
                }
                else if (answer is not (Ok or Problem))
                {
                    errors.Add($"checks.{item}", "Answer \"ok\" or \"problem\".");
                }
            }

            if (checks.Values.Contains(Problem) && string.IsNullOrWhiteSpace(note))
            {
                errors.Add("note", "Say what is wrong: a problem needs a note.");
            }
        }

        if (AlertNotes.Problem(note) is { } noteProblem)
        {
            errors.Add("note", noteProblem);
        }

        foreach (var view in Views.Where(v => !views.Contains(v)))
        {
            errors.Add(view, $"At least one {view} photo is required (四照: a distant and a close view).");
        }

        if (lat is not (>= -90 and <= 90) || lon is not (>= -180 and <= 180))
        {
            errors.Add("lat", "The photos' position (lat, lon) is required: the geotag.");
        }
        else if (OutsideBy(cell, lat.Value, lon.Value) is var metres and > 0 && metres > toleranceM)
        {
            errors.Add("lat", string.Create(CultureInfo.InvariantCulture, $"The photos were taken {metres:0} m outside cell {cell.Id}: take them there."));
        }

        return errors;
    }

    // Metres from the point to the cell (0 inside).
    private static double OutsideBy(GridCell cell, double lat, double lon)
    {
        var point = new Point(lon, lat);
        if (cell.Area.Covers(point))
        {
            return 0;
        }

        var nearest = DistanceOp.NearestPoints(cell.Area, point)[0];
        return new PatrolPosition(DateTimeOffset.UnixEpoch, lat, lon, null).DistanceTo(new PatrolPosition(DateTimeOffset.UnixEpoch, nearest.Y, nearest.X, null));
    }
}
