using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// A supervision grid cell (网格) with its grid inspector (网格员) and the heritage-chief chain (文物长制) above them.
/// Immutable once built.
/// </summary>
/// <param name="Id">Cell id, such as <c>qd-r1c5</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Area">Polygon in WGS84 lon/lat.</param>
/// <param name="Inspector">Username of the responsible grid inspector.</param>
/// <param name="VillageChief">Username of the village heritage chief.</param>
/// <param name="TownshipChief">Username of the township heritage chief.</param>
/// <param name="DistrictChief">Username of the district heritage chief.</param>
/// <param name="RiskLevel">high, medium or low; later rules treat silence differently by risk.</param>
public sealed record GridCell(
    string Id,
    string Name,
    Geometry Area,
    string Inspector,
    string VillageChief,
    string TownshipChief,
    string DistrictChief,
    string RiskLevel = "medium")
{
    /// <summary>Usernames from the grid inspector up to the district chief, in escalation order.</summary>
    public IReadOnlyList<string> Chain => [Inspector, VillageChief, TownshipChief, DistrictChief];
}
