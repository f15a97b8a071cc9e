using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Ingestion.Live;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Storage.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Devices;

/// <summary><c>GET /api/devices</c> (any signed-in user) and <c>POST /api/devices</c> (maintenance, bureau).</summary>
public static class DeviceEndpoints
{
    /// <summary>Maps the device endpoints.</summary>
    public static IEndpointRouteBuilder MapDeviceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/", List);
        api.MapPost("/", Provision).RequireAuthorization(Policies.Provisioning);
        return app;
    }

    private static Ok<IEnumerable<DeviceDto>> List(RegistryHolder registry, DeviceStatusTracker status)
    {
        var snapshot = registry.Current;
        return TypedResults.Ok(snapshot.Devices.Values
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => ToDto(d, snapshot, status.Get(d.Id))));
    }

    private static Results<Created<ProvisionDeviceResponse>, ValidationProblem, ProblemHttpResult> Provision(
        ProvisionDeviceRequest? request,
        RegistryHolder registry,
        SqliteRegistryStore store,
        HttpContext http,
        ILoggerFactory loggers)
    {
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
        if (!store.TryAddDevice(device, DeviceSecrets.Hash(secret)))
        {
            return TypedResults.Problem($"A device with id '{device.Id}' is already provisioned.", statusCode: StatusCodes.Status409Conflict, title: "Device exists");
        }

        registry.Update(current => current.WithDevice(device));
        loggers.CreateLogger(typeof(DeviceEndpoints)).DeviceProvisioned(device.Id, device.SiteId, http.User.Identity?.Name ?? "?");
        return TypedResults.Created($"/api/devices/{device.Id}", new ProvisionDeviceResponse(device.Id, secret));
    }

    internal static DeviceDto ToDto(Device device, RegistrySnapshot snapshot, DeviceStatus? status)
    {
        var location = snapshot.Locate(device, null, null);
        return new DeviceDto(
            device.Id, device.SiteId, device.Kind, device.Metrics, device.Lat, device.Lon, location.Cell?.Id,
            [.. location.Zones.Select(z => z.Id)], status?.Online ?? false, status?.LastSeen, device.IsMobile, device.Name, device.Drill);
    }
}
