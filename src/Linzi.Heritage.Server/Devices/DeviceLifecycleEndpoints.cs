using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Broker;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry;
using Linzi.Heritage.Server.Registry.Admin;
using Linzi.Heritage.Server.Registry.Transfer;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Devices;

/// <summary>
/// A device through its life (maintenance, bureau): edit and move, rotate its secret, revoke it, decommission it.
/// Revocation and decommissioning end a live session on the embedded broker at once.
/// </summary>
public static class DeviceLifecycleEndpoints
{
    /// <summary>Maps <c>PUT /api/devices/{id}</c>, <c>DELETE /api/devices/{id}</c>, <c>POST /api/devices/{id}/rotate-secret</c> and <c>/revoke</c>.</summary>
    public static IEndpointRouteBuilder MapDeviceLifecycleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices").RequireAuthorization(Policies.Provisioning);
        api.MapPut("/{id}", Update);
        api.MapDelete("/{id}", DecommissionAsync);
        api.MapPost("/{id}/rotate-secret", RotateSecret);
        api.MapPost("/{id}/revoke", RevokeAsync);
        return app;
    }

    private static IResult Update(string id, UpdateDeviceRequest? body, RegistryEditor editor, HttpContext http)
    {
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
        {
            if (!registry.Devices.TryGetValue(id, out var device))
            {
                return NotFound(id);
            }

            var errors = new ValidationErrors();
            RegistryEntryMapper.Position(body?.Lat ?? device.Lat, body?.Lon ?? device.Lon, "", errors);
            var metrics = body?.Metrics is null ? device.Metrics : RegistryEntryMapper.Metrics(body.Metrics, device.Kind, "metrics", errors);
            if (body?.Name is { Length: > 200 })
            {
                errors.Add("name", "Up to 200 characters.");
            }

            return errors.IsEmpty
                ? new RegistryChange { Devices = [device with { Name = body?.Name ?? device.Name, Lat = body?.Lat ?? device.Lat, Lon = body?.Lon ?? device.Lon, Metrics = metrics }] }
                : RegistryRefusal.Invalid(errors.ByField);
        });
        return edit.Refusal?.ToResult() ?? TypedResults.Ok(DeviceEndpoints.ToDto(edit.After.Devices[id], edit.After, null, null));
    }

    private static IResult RotateSecret(
        string id, int? graceMinutes, RegistryEditor editor, IRegistryStore store, IOptions<DeviceOptions> options, TimeProvider time, HttpContext http)
    {
        var grace = options.Value.SecretRotationGrace;
        if (graceMinutes is { } minutes)
        {
            if (minutes < 0 || TimeSpan.FromMinutes(minutes) > TimeSpan.FromDays(7))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["graceMinutes"] = ["0 to 10080 (a week)."] });
            }

            grace = TimeSpan.FromMinutes(minutes);
        }

        var secret = DeviceSecrets.Generate();
        DateTimeOffset? validUntil = null;
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
        {
            if (!registry.Devices.TryGetValue(id, out var device))
            {
                return NotFound(id);
            }

            // A revoked secret is taken as leaked: the new one ends it at once, and the device is reinstated.
            var previous = device.RevokedAt is null && grace > TimeSpan.Zero ? store.GetCredential(id)?.SecretHash : null;
            validUntil = previous is null ? null : time.GetUtcNow() + grace;
            return new RegistryChange
            {
                Credentials = [new DeviceCredential(id, DeviceSecrets.Hash(secret), previous, validUntil)],
                Devices = device.RevokedAt is null ? [] : [device with { RevokedAt = null }],
            };
        }, action: "secret-rotated");
        return edit.Refusal?.ToResult() ?? TypedResults.Ok(new RotateSecretResponse(id, secret, validUntil));
    }

    private static async Task<IResult> RevokeAsync(string id, RegistryEditor editor, IBrokerEdge broker, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
            !registry.Devices.TryGetValue(id, out var device) ? NotFound(id)
            : device.RevokedAt is not null ? new RegistryChange { Devices = [device] } // nothing changes; the session is ended again below
            : new RegistryChange { Devices = [device with { RevokedAt = at }] }, action: "revoked");
        if (edit.Refusal is { } refusal)
        {
            return refusal.ToResult();
        }

        var ended = await broker.DisconnectDeviceAsync(id, cancellationToken);
        return TypedResults.Ok(new DeviceLifecycleResponse(id, DeviceStates.Revoked, edit.After.Devices[id].RevokedAt!.Value, ended));
    }

    private static async Task<IResult> DecommissionAsync(string id, RegistryEditor editor, IBrokerEdge broker, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var edit = editor.Edit(http.Actor(), dryRun: false, registry =>
            registry.Devices.TryGetValue(id, out var device) ? new RegistryChange { Devices = [device with { DecommissionedAt = at }] }
            : registry.Decommissioned.TryGetValue(id, out var gone) ? new RegistryChange { Devices = [gone] }
            : NotFound(id), action: "decommissioned");
        if (edit.Refusal is { } refusal)
        {
            return refusal.ToResult();
        }

        var ended = await broker.DisconnectDeviceAsync(id, cancellationToken);
        return TypedResults.Ok(new DeviceLifecycleResponse(id, DeviceStates.Decommissioned, edit.After.Decommissioned[id].DecommissionedAt!.Value, ended));
    }

    private static RegistryRefusal NotFound(string id) =>
        new(StatusCodes.Status404NotFound, "Not found", new Dictionary<string, string[]> { ["id"] = [$"No device '{id}' in service."] });
}
