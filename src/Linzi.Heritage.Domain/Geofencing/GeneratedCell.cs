using NetTopologySuite.Geometries;

namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>One cell of a generated grid, before anyone is assigned to it. Immutable.</summary>
/// <param name="Id">Cell id, <c>{prefix}-r{row}c{col}</c>, such as <c>qd-r3c12</c>.</param>
/// <param name="Name">Display name, <c>{prefix} 第{row}行第{col}列</c>.</param>
/// <param name="Row">Row, 1 = northernmost row of the grid's aligned bounding box.</param>
/// <param name="Col">Column, 1 = westernmost column of the grid's aligned bounding box.</param>
/// <param name="Area">The cell in WGS84 lon/lat (SRID 4326): a square in UTM 50N, or its part inside the polygon when clipped.</param>
public sealed record GeneratedCell(string Id, string Name, int Row, int Col, Geometry Area);
