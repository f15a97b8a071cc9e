using Linzi.Heritage.Domain.Rules;
using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Works;

/// <summary>Why an alert was not raised: a permit or a maintenance window.</summary>
/// <param name="Kind"><c>permit</c> or <c>maintenance</c>.</param>
/// <param name="Id">The permit's or window's id.</param>
/// <param name="Reason">Text for the log.</param>
public sealed record Suppression(string Kind, string Id, string Reason);

/// <summary>
/// Permits, maintenance windows and drill windows in force or on record. Answers "does anything suppress this
/// alert?" and "is this a drill?" for a device at a position and time. Immutable and thread-safe; a change builds a
/// new registry.
/// </summary>
public sealed class WorksRegistry(IReadOnlyList<Permit> permits, IReadOnlyList<MaintenanceWindow> maintenance, IReadOnlyList<MaintenanceWindow>? drills = null)
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>No permits, no windows.</summary>
    public static WorksRegistry Empty { get; } = new([], []);

    /// <summary>All permits, expired ones included.</summary>
    public IReadOnlyList<Permit> Permits { get; } = permits;

    /// <summary>All maintenance windows, expired ones included.</summary>
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; } = maintenance;

    /// <summary>
    /// All drill windows (演练), expired ones included: the bureau's declaration that a device's or a site's readings
    /// in a time window are a drill. They have a maintenance window's shape (a device or a site, a window, a reason).
    /// Only these and a device's own drill flag make a drill: a device cannot declare its own readings one.
    /// </summary>
    public IReadOnlyList<MaintenanceWindow> Drills { get; } = drills ?? [];

    /// <summary>True when a drill window covers the device at the instant.</summary>
    /// <remarks>A loop, not <c>Any</c> with a lambda: it runs for every reading, and the lambda's closure would too.</remarks>
    public bool IsDrill(string deviceId, string siteId, DateTimeOffset at)
    {
        for (var i = 0; i < Drills.Count; i++)
        {
            if (Drills[i].InForce(at) && Drills[i].Covers(deviceId, siteId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The kind of entry that holds <paramref name="id"/> (<c>permit</c>, <c>maintenance</c> or <c>drill</c>), or null.</summary>
    public string? KindOf(string id) =>
        Permits.Any(p => p.Id == id) ? "permit"
        : Maintenance.Any(m => m.Id == id) ? "maintenance"
        : Drills.Any(d => d.Id == id) ? "drill"
        : null;

    /// <summary>
    /// The suppression that applies to a rule's alert for a reading context at an instant, or null. Maintenance
    /// windows come first: a device under maintenance says nothing about the works around it.
    /// </summary>
    public Suppression? Find(Rule rule, ReadingContext context, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var window in Maintenance)
        {
            if (window.InForce(at) && window.Covers(context.Device.Id, context.Device.SiteId))
            {
                return new Suppression("maintenance", window.Id, window.Reason);
            }
        }

        Point? point = null;
        foreach (var permit in Permits)
        {
            if (permit.InForce(at) && (permit.RuleIds.Count == 0 || permit.RuleIds.Contains(rule.Id)) &&
                permit.Covers(point ??= Factory.CreatePoint(new Coordinate(context.PositionLon, context.PositionLat))))
            {
                return new Suppression("permit", permit.Id, $"permit {permit.ApprovalNumber} ({permit.Contractor})");
            }
        }

        return null;
    }

    /// <summary>A copy with a permit added or replaced.</summary>
    public WorksRegistry With(Permit permit) => new([.. Permits.Where(p => p.Id != permit.Id), permit], Maintenance, Drills);

    /// <summary>A copy with a maintenance window added or replaced.</summary>
    public WorksRegistry With(MaintenanceWindow window) => new(Permits, [.. Maintenance.Where(m => m.Id != window.Id), window], Drills);

    /// <summary>A copy without the permit <paramref name="id"/>.</summary>
    public WorksRegistry WithoutPermit(string id) => new([.. Permits.Where(p => p.Id != id)], Maintenance, Drills);

    /// <summary>A copy without the maintenance window <paramref name="id"/>.</summary>
    public WorksRegistry WithoutMaintenance(string id) => new(Permits, [.. Maintenance.Where(m => m.Id != id)], Drills);

    /// <summary>A copy with a drill window added or replaced.</summary>
    public WorksRegistry WithDrill(MaintenanceWindow drill) => new(Permits, Maintenance, [.. Drills.Where(d => d.Id != drill.Id), drill]);

    /// <summary>A copy without the drill window <paramref name="id"/>.</summary>
    public WorksRegistry WithoutDrill(string id) => new(Permits, Maintenance, [.. Drills.Where(d => d.Id != id)]);
}
