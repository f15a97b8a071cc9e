using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Linzi.Heritage.Domain.Works;

/// <summary>
/// An approved-works registry entry (施工许可): inside its polygon and time window, readings that would raise an
/// alert are logged and counted against the permit instead. Outside either, the usual rules apply. Immutable.
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="ApprovalNumber">The bureau's approval number (批准文号).</param>
/// <param name="Contractor">Who does the works.</param>
/// <param name="Area">WGS84 polygon of the works.</param>
/// <param name="From">Start of the permitted window.</param>
/// <param name="To">End of the permitted window (exclusive); the permit expires then.</param>
/// <param name="RuleIds">Rules it covers; empty for every rule.</param>
/// <param name="CreatedBy">Who registered it.</param>
/// <param name="CreatedAt">When.</param>
public sealed record Permit(
    string Id,
    string ApprovalNumber,
    string Contractor,
    Geometry Area,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> RuleIds,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    private readonly IPreparedGeometry _prepared = PreparedGeometryFactory.Prepare(Area);

    /// <summary>True when the permit is in force at the instant.</summary>
    public bool InForce(DateTimeOffset at) => at >= From && at < To;

    /// <summary>True when a point (WGS84) lies in the permit's area; the boundary counts as inside.</summary>
    public bool Covers(Point point) => _prepared.Covers(point);
}
