using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>A protection or construction-control polygon of a site, in WGS84 lon/lat. Immutable once built.</summary>
public sealed record Zone(string Id, string SiteId, ZoneKind Kind, string Name, Geometry Area);
