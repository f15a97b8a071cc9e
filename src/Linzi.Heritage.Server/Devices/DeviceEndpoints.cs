using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Accounts;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Devices;

/// <summary><c>GET /api/devices</c> and <c>GET /api/devices/{id}</c> (any signed-in user), and <c>POST /api/devices</c> (maintenance, bureau).</summary>
public static class DeviceEndpoints
{
    /// <summary>Maps the device endpoints.</summary>
    public static IEndpointRouteBuilder MapDeviceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/", List);
        api.MapGet("/{id}", (string id, RegistryHolder registry, DeviceStatusTracker status, LiveReadings live) =>
            registry.Current.Devices.TryGetValue(id, out var device) || registry.Current.Decommissioned.TryGetValue(id, out device)
                ? Results.Ok(ToDto(device, registry.Current, status.Get(id), live.Latest(id)))
                : Results.NotFound());
        api.MapPost("/", Provision).RequireAuthorization(Policies.Provisioning);
        api.MapPost("/{id}/config", ConfigureAsync).RequireAuthorization(Policies.Provisioning);
        return app;
    }

    // Decommissioned devices only on request (?include=decommissioned): maps and lists show what is in service.
    private static Ok<IEnumerable<DeviceDto>> List(string? include, RegistryHolder registry, DeviceStatusTracker status, LiveReadings live)
    {
        var snapshot = registry.Current;
        var devices = include == DeviceStates.Decommissioned ? snapshot.Devices.Values.Concat(snapshot.Decommissioned.Values) : snapshot.Devices.Values;
        return TypedResults.Ok(devices
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => ToDto(d, snapshot, status.Get(d.Id), live.Latest(d.Id))));
    }

    private static Results<Created<ProvisionDeviceResponse>, ValidationProblem, ProblemHttpResult> Provision(
        ProvisionDeviceRequest? request,
        RegistryHolder registry,
        RegistryEditor editor,
        HttpContext http,
        ILoggerFactory loggers)
    {
        if (request?.Drill == true && !http.User.IsInRole(Roles.Bureau))
        {
            // A drill device's alarms are drills; only the bureau may declare that.
            return TypedResults.Problem("Only the bureau may provision a drill device.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        var snapshot = registry.Current;
        var errors = DeviceValidation.Validate(request, snapshot);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var device = new Device(
            request!.Id!, request.SiteId!, request.Kind!,
            request.Metrics is { Count: > 0 } metrics ? [.. metrics] : DeviceKinds.DefaultMetrics.GetValueOrDefault(request.Kind!, []),
            request.Lat!.Value, request.Lon!.Value, request.Name)
        {
            Drill = request.Drill ?? false,
        };
        var secret = DeviceSecrets.Generate();
        // A decommissioned device's id stays taken (the store still holds it), so its history never mixes with another's.
        if (editor.AddDevice(device, DeviceSecrets.Hash(secret), http.User.Identity?.Name ?? "?") == EditOutcome.Conflict)
        {
            return TypedResults.Problem($"A device with id '{device.Id}' is already provisioned (or was, and has been decommissioned).", statusCode: StatusCodes.Status409Conflict, title: "Device exists");
        }

        loggers.CreateLogger(typeof(DeviceEndpoints)).DeviceProvisioned(device.Id, device.SiteId, http.User.Identity?.Name ?? "?");
        return TypedResults.Created($"/api/devices/{device.Id}", new ProvisionDeviceResponse(device.Id, secret));
    }

    // Pushes configuration to the device's cmd topic; the firmware applies it (sample_interval_s).
    private static async Task<Results<Accepted<DeviceConfig>, NotFound, ValidationProblem, ProblemHttpResult>> ConfigureAsync(
        string id, DeviceConfig? config, RegistryHolder registry, RegistryEditor editor, IBrokerEdge broker, HttpContext http, ILoggerFactory loggers,
        IOptions<DeviceOptions> options, CancellationToken cancellationToken)
    {
        if (!registry.Current.Devices.TryGetValue(id, out var device))
        {
            return TypedResults.NotFound();
        }

        if (config?.SampleIntervalS is not (>= 1 and <= 86_400))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sample_interval_s"] = ["Required: seconds between readings, 1 to 86400."] });
        }

        var limit = options.Value.MaintenanceMaxSampleIntervalS;
        if (config.SampleIntervalS > limit && !http.User.IsInRole(Roles.Bureau))
        {
            return TypedResults.Problem(
                $"Sampling less often than every {limit} s blinds the sensor; only the bureau may push that.", statusCode: StatusCodes.Status403Forbidden, title: "Needs the bureau");
        }

        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(config);
        if (!await broker.SendCommandAsync(device.SiteId, device.Id, payload, cancellationToken))
        {
            return TypedResults.Problem("The broker is not reachable; try again.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker down");
        }

        editor.RecordDeviceCommand(device.Id, config, http.User.Identity?.Name ?? "?");
        loggers.CreateLogger(typeof(DeviceEndpoints)).DeviceConfigured(device.Id, config.SampleIntervalS.Value, http.User.Identity?.Name ?? "?");
        return TypedResults.Accepted($"/api/devices/{device.Id}", config);
    }

    internal static DeviceDto ToDto(Device device, RegistrySnapshot snapshot, DeviceStatus? status, Reading? latest)
    {
        var location = snapshot.Locate(device, null, null);
        var latestDto = latest is null
            ? null
            : new DeviceLatestDto(
                latest.Timestamp.ToUniversalTime(), latest.Values.ToDictionary(v => v.Name, v => v.Value), latest.Lat, latest.Lon, latest.BatteryV, latest.RssiDbm);
        return new DeviceDto(
            device.Id, device.SiteId, device.Kind, device.Metrics, device.Lat, device.Lon, location.Cell?.Id,
            [.. location.Zones.Select(z => z.Id)], status?.Online ?? false, status?.LastSeen, device.IsMobile, device.Name, device.Drill, latestDto,
            device.DecommissionedAt is not null ? DeviceStates.Decommissioned : device.RevokedAt is not null ? DeviceStates.Revoked : DeviceStates.Active,
            device.RevokedAt, device.DecommissionedAt);
    }
}
