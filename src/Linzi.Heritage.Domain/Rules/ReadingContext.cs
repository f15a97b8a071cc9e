using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>A reading's device and where it was when it was taken: the enrichment rules match against. Immutable.</summary>
/// <param name="Device">The device.</param>
/// <param name="Location">The cell and zones at the reading's position.</param>
/// <param name="Site">The device's site, when registered.</param>
/// <param name="Lat">The position's latitude; null for the device's registered one.</param>
/// <param name="Lon">The position's longitude; null for the device's registered one.</param>
public sealed record ReadingContext(Device Device, Location Location, Site? Site = null, double? Lat = null, double? Lon = null)
{
    /// <summary>The grid cell the reading happened in, if any.</summary>
    public string? CellId => Location.Cell?.Id;

    /// <summary>Latitude of the position judged.</summary>
    public double PositionLat => Lat ?? Device.Lat;

    /// <summary>Longitude of the position judged.</summary>
    public double PositionLon => Lon ?? Device.Lon;
}
