namespace Linzi.Heritage.Ingestion.Devices;

/// <summary>A device's connection state as the broker and its status topic report it. Immutable.</summary>
public sealed record DeviceStatus(string DeviceId, string SiteId, bool Online, DateTimeOffset Since, DateTimeOffset? LastSeen, string? Firmware);
