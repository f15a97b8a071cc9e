namespace Linzi.Heritage.Contracts.Hub;

/// <summary>The latest reading of one device, for live maps.</summary>
public sealed record LiveReadingDto(
    string DeviceId,
    string SiteId,
    DateTimeOffset Ts,
    IReadOnlyDictionary<string, double> Readings,
    double? Lat,
    double? Lon);
