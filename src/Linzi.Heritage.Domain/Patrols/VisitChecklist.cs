using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// The visit checklist (一到、二看、三查、四照) and what a report must hold: an answer to every item, a note when
/// something is wrong, at least one distant and one close photo, taken in or beside the cell visited. Every visit
/// answers the basic items; the kinds of the sites the cell touches add theirs (a tomb its robbing holes, a building
/// its structure and fire), a staffed site its guard and alarms, and a duty that asks for a fire patrol the fire
/// item. Pure.
/// </summary>
public static class VisitChecklist
{
    /// <summary>The answer when all is well.</summary>
    public const string Ok = "ok";

    /// <summary>The answer when something is wrong: a finding.</summary>
    public const string Problem = "problem";

    /// <summary>The fire-safety item (火源、消防器材), asked where the duty says so and at buildings.</summary>
    public const string Fire = "fire";

    /// <summary>The photo views required, at least one each.</summary>
    public static readonly IReadOnlyList<string> Views = ["distant", "close"];

    /// <summary>
    /// The items every visit answers: <c>site</c> (二看: the remains and their setting intact), <c>digging</c> (三查: no
    /// digging, earth taken or unapproved building) and <c>markers</c> (三查: boundary markers, fences and signs intact).
    /// </summary>
    public static readonly IReadOnlyList<string> Items = ["site", "digging", "markers"];

    /// <summary>The items each kind of site adds.</summary>
    public static IReadOnlyDictionary<SiteKind, IReadOnlyList<string>> ByKind { get; } = new Dictionary<SiteKind, IReadOnlyList<string>>
    {
        // Rammed-earth walls and foundations wash out, slump and crack after rain.
        [SiteKind.Ruins] = ["erosion"],
        // New robbing or probe holes (盗洞、探孔) and a disturbed mound are how tomb robbery shows.
        [SiteKind.Tomb] = ["robbing_holes"],
        // Timber buildings crack, lean, leak and rot, and burn.
        [SiteKind.Building] = ["structure", Fire],
        // Stone weathers and flakes, and draws graffiti and rubbings (风化、刻划、拓印).
        [SiteKind.GrottoCarving] = ["weathering"],
        [SiteKind.Modern] = ["structure", Fire],
        [SiteKind.Other] = [],
    };

    /// <summary>The item a staffed site adds: guards on duty, locks, alarms and cameras working (值守、门锁、技防).</summary>
    public const string Security = "security";

    /// <summary>Every item any visit may ask, in the order a form shows them.</summary>
    public static IReadOnlyList<string> AllItems { get; } = [.. Items, "erosion", "robbing_holes", "structure", "weathering", Security, Fire];

    /// <summary>The items of a visit to a cell with this duty, touching these sites: the basic ones, then the sites' in a fixed order.</summary>
    public static IReadOnlyList<string> For(PatrolDuty? duty, IEnumerable<Site> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var asked = new HashSet<string>(Items, StringComparer.Ordinal);
        foreach (var site in sites)
        {
            asked.UnionWith(ByKind.GetValueOrDefault(site.Kind) ?? []);
            if (site.Staffed)
            {
                asked.Add(Security);
            }
        }

        if (duty?.FireCheck == true)
        {
            asked.Add(Fire);
        }

        return [.. AllItems.Where(asked.Contains)];
    }

    /// <summary>Checks a report's answers, note, photos and geotag; the errors by field, empty when it may be kept.</summary>
    /// <param name="cell">The cell visited.</param>
    /// <param name="items">The items this visit answers (<see cref="For"/>).</param>
    /// <param name="checks">The answers.</param>
    /// <param name="note">The note.</param>
    /// <param name="lat">Where the photos were taken.</param>
    /// <param name="lon">Longitude of the same.</param>
    /// <param name="views">The view of each photo.</param>
    /// <param name="toleranceM">How far outside the cell a geotag may lie (GPS error).</param>
    public static ValidationErrors Check(
        GridCell cell, IReadOnlyList<string> items, IReadOnlyDictionary<string, string>? checks, string? note, double? lat, double? lon, IReadOnlyList<string> views,
        double toleranceM)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(views);
        var errors = new ValidationErrors();
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
