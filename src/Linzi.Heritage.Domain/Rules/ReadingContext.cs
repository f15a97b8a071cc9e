using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>A reading's device and where it was when it was taken: the enrichment rules match against. Immutable.</summary>
public sealed record ReadingContext(Device Device, Location Location)
{
    /// <summary>The grid cell the reading happened in, if any.</summary>
    public string? CellId => Location.Cell?.Id;
}
