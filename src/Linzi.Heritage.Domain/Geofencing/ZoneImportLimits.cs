namespace Linzi.Heritage.Domain.Geofencing;

/// <summary>What a zone upload's geometry must satisfy besides being valid. Immutable.</summary>
public sealed record ZoneImportLimits
{
    /// <summary>The limits for Linzi: <see cref="GeoBounds.Linzi"/>, 1 m² to 100 km².</summary>
    public static ZoneImportLimits Linzi { get; } = new();

    /// <summary>The box every zone must lie in. Defaults to Linzi district with a margin.</summary>
    public GeoBounds Bounds { get; init; } = GeoBounds.Linzi;

    /// <summary>
    /// Smallest area in m². Defaults to 1 m²: anything smaller is a digitising slip (a closed ring of two points,
    /// a zone drawn at the wrong scale), not a protected area.
    /// </summary>
    public double MinAreaM2 { get; init; } = 1;

    /// <summary>
    /// Largest area in m². Defaults to 100 km²: the Qi capital's two cities cover about 16 km² and its
    /// construction-control zone some more; a zone bigger than that is a unit or projection mistake.
    /// </summary>
    public double MaxAreaM2 { get; init; } = 100e6;
}
