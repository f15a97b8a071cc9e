using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Tests.Patrols;

/// <summary>
/// Two neighbouring cells near the horse-burial pit, about 180 m east–west and 220 m north–south each (west: 118.350–
/// 118.352° E, east: 118.352–118.354° E, both 36.860–36.862° N), a protection zone inside the west one, and a clock.
/// </summary>
internal static class PatrolFixtures
{
    /// <summary>08:00 in Linzi on Monday 30 November 2026.</summary>
    public static readonly DateTimeOffset Monday8 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public static readonly GridCell West = new(
        "w", "西格", Wkt.Parse("POLYGON ((118.350 36.860, 118.352 36.860, 118.352 36.862, 118.350 36.862, 118.350 36.860))"), "insp", "vc", "tc", "dc");

    public static readonly GridCell East = new(
        "e", "东格", Wkt.Parse("POLYGON ((118.352 36.860, 118.354 36.860, 118.354 36.862, 118.352 36.862, 118.352 36.860))"), "insp", "vc", "tc", "dc");

    public static readonly Zone PitZone = new(
        "hp-pz", "horse-pit", ZoneKind.Protection, "保护范围", Wkt.Parse("POLYGON ((118.3505 36.8605, 118.3515 36.8605, 118.3515 36.8615, 118.3505 36.8615, 118.3505 36.8605))"));

    public static readonly ZoneIndex Grid = new([PitZone], [West, East]);

    public static TimeZoneInfo Shanghai
    {
        get
        {
            Schedule.TryFindZone("Asia/Shanghai", out var zone);
            return zone;
        }
    }

    /// <summary>A position in the middle of the west cell (inside the pit's zone).</summary>
    public static PatrolPosition InWest(DateTimeOffset at) => new(at, 36.861, 118.351, 10);

    /// <summary>A position in the middle of the east cell.</summary>
    public static PatrolPosition InEast(DateTimeOffset at) => new(at, 36.861, 118.353, 10);

    /// <summary>A position outside both cells (a road 1 km south).</summary>
    public static PatrolPosition Outside(DateTimeOffset at) => new(at, 36.851, 118.352, 10);

    public static PatrolDuty Daily(string cellId, string? from = "08:00", string? to = "18:00", DateTimeOffset? setAt = null) =>
        new(cellId, PatrolEvery.TryParse("P1D")!, from is null ? null : TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), Shanghai, "bureau", setAt ?? Monday8.AddDays(-7));
}
