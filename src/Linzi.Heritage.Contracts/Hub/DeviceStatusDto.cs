namespace Linzi.Heritage.Contracts.Hub;

/// <summary>A device's connection state changed.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="SiteId">Its site.</param>
/// <param name="State"><c>online</c> or <c>offline</c>.</param>
/// <param name="Ts">When.</param>
/// <param name="Fw">Firmware version, when the device reported one.</param>
public sealed record DeviceStatusDto(string DeviceId, string SiteId, string State, DateTimeOffset Ts, string? Fw);
