namespace Linzi.Heritage.Contracts.Api;

/// <summary>A device as <c>GET /api/devices</c> lists it.</summary>
public sealed record DeviceDto(
    string Id,
    string SiteId,
    string Kind,
    IReadOnlyList<string> Metrics,
    double Lat,
    double Lon,
    string? CellId,
    IReadOnlyList<string> ZoneIds,
    bool Online,
    DateTimeOffset? LastSeen,
    bool Mobile,
    string? Name,
    bool Drill = false,
    DeviceLatestDto? Latest = null,
    string State = DeviceStates.Active,
    DateTimeOffset? RevokedAt = null,
    DateTimeOffset? DecommissionedAt = null);

/// <summary>A device's life-cycle state as <see cref="DeviceDto.State"/> names it.</summary>
public static class DeviceStates
{
    /// <summary>In service.</summary>
    public const string Active = "active";

    /// <summary>Its secret was revoked: it may not connect until a new secret is issued.</summary>
    public const string Revoked = "revoked";

    /// <summary>Out of service for good; its history stays.</summary>
    public const string Decommissioned = "decommissioned";
}

/// <summary>Body of <c>PUT /api/devices/{id}</c>: what is given changes, the rest stays.</summary>
public sealed record UpdateDeviceRequest(string? Name, double? Lat, double? Lon, IReadOnlyList<string>? Metrics);

/// <summary>Answer of <c>POST /api/devices/{id}/rotate-secret</c>: the new secret (shown once) and until when the old one still works.</summary>
public sealed record RotateSecretResponse(string Id, string Secret, DateTimeOffset? PreviousSecretValidUntil);

/// <summary>Answer of <c>POST /api/devices/{id}/revoke</c> and <c>DELETE /api/devices/{id}</c>.</summary>
public sealed record DeviceLifecycleResponse(string Id, string State, DateTimeOffset At, bool SessionEnded);

/// <summary>Body of <c>POST /api/devices</c>.</summary>
public sealed record ProvisionDeviceRequest(
    string? Id,
    string? SiteId,
    string? Kind,
    double? Lat,
    double? Lon,
    IReadOnlyList<string>? Metrics,
    string? Name = null,
    bool? Drill = null);

/// <summary>Answer of <c>POST /api/devices</c>; the secret is shown only once.</summary>
public sealed record ProvisionDeviceResponse(string Id, string Secret);

/// <summary>Configuration pushed to a device on its <c>cmd</c> topic (<c>POST /api/devices/{id}/config</c>).</summary>
public sealed record DeviceConfig(
    [property: System.Text.Json.Serialization.JsonPropertyName("sample_interval_s")] int? SampleIntervalS);

/// <summary>A device's newest reading since the server started, for map markers and device health.</summary>
/// <param name="Ts">When it was taken.</param>
/// <param name="Readings">Its metric values.</param>
/// <param name="Lat">Reported latitude (mobile devices).</param>
/// <param name="Lon">Reported longitude (mobile devices).</param>
/// <param name="BatteryV">Battery voltage, when reported.</param>
/// <param name="RssiDbm">Signal strength, when reported.</param>
public sealed record DeviceLatestDto(
    DateTimeOffset Ts,
    IReadOnlyDictionary<string, double> Readings,
    double? Lat,
    double? Lon,
    double? BatteryV,
    double? RssiDbm);
