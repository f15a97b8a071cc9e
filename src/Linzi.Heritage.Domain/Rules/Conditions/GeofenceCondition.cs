using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Rules.Conditions;

/// <summary>What a geofence rule reacts to.</summary>
public enum GeofenceEvent
{
    /// <summary>The tracker is inside a target (after debounce).</summary>
    [WireName("enter")]
    Enter,

    /// <summary>The tracker, having been inside, is outside every target (after debounce).</summary>
    [WireName("exit")]
    Exit,

    /// <summary>The tracker has stayed inside for at least the dwell time.</summary>
    [WireName("dwell")]
    Dwell,
}

/// <summary>The zones and cells a geofence watches. A position is inside when it falls in any of them.</summary>
/// <param name="ZoneIds">Named zones.</param>
/// <param name="ZoneKinds">Any zone of these kinds…</param>
/// <param name="SiteIds">…belonging to these sites (empty: any site).</param>
/// <param name="CellIds">Grid cells.</param>
public sealed record GeofenceTargets(
    IReadOnlyList<string> ZoneIds, IReadOnlyList<ZoneKind> ZoneKinds, IReadOnlyList<string> SiteIds, IReadOnlyList<string> CellIds)
{
    /// <summary>True when the location lies in a target.</summary>
    public bool Covers(Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Cell is { } cell && CellIds.Contains(cell.Id))
        {
            return true;
        }

        foreach (var zone in location.Zones)
        {
            if (ZoneIds.Contains(zone.Id) ||
                (ZoneKinds.Contains(zone.Kind) && (SiteIds.Count == 0 || SiteIds.Contains(zone.SiteId))))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Enter, exit and dwell for mobile GNSS trackers (machinery, vehicles). A change of side only counts once the
/// tracker has stayed on the new side for <see cref="Debounce"/>, which absorbs GPS jitter at a boundary; fixes
/// whose payload reports poor accuracy (<c>hdop</c>, <c>accuracy_m</c>) are ignored.
/// </summary>
public sealed record GeofenceCondition(GeofenceEvent Event, GeofenceTargets Targets) : RuleCondition
{
    /// <summary>Metric carrying horizontal dilution of precision.</summary>
    public const string HdopMetric = MetricNames.Hdop;

    /// <summary>Metric carrying the fix's estimated accuracy in metres.</summary>
    public const string AccuracyMetric = MetricNames.AccuracyM;

    /// <inheritdoc />
    public override string Kind => "geofence";

    /// <inheritdoc />
    public override string AlertMetric => Event == GeofenceEvent.Dwell ? "dwell_s" : "inside";

    /// <summary>For <see cref="GeofenceEvent.Dwell"/>: how long inside before raising.</summary>
    public TimeSpan Dwell { get; init; }

    /// <summary>How long on the new side before a crossing counts.</summary>
    public TimeSpan Debounce { get; init; }

    /// <summary>Ignore fixes with a larger <c>hdop</c>; null for no limit.</summary>
    public double? MaxHdop { get; init; }

    /// <summary>Ignore fixes with a larger <c>accuracy_m</c>; null for no limit.</summary>
    public double? MaxAccuracyM { get; init; }
}
