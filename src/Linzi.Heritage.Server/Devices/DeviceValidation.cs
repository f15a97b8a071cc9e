using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Server.Devices;

/// <summary>Checks a provisioning request, naming each bad field.</summary>
internal static class DeviceValidation
{
    public static Dictionary<string, string[]> Validate(ProvisionDeviceRequest? request, RegistrySnapshot registry)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON object {\"id\",\"siteId\",\"kind\",\"lat\",\"lon\",\"metrics\"} is required."];
            return errors;
        }

        if (request.Id is null || !MetricName.IsValidId(request.Id))
        {
            errors["id"] = ["Required: 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit (it becomes an MQTT topic level)."];
        }

        if (request.SiteId is null || !registry.Sites.ContainsKey(request.SiteId))
        {
            errors["siteId"] = [request.SiteId is null ? "Required." : $"Unknown site '{request.SiteId}'."];
        }

        if (request.Kind is null || !MetricName.IsValid(request.Kind))
        {
            errors["kind"] = ["Required: a kind such as " + string.Join(", ", DeviceKinds.DefaultMetrics.Keys) + "."];
        }

        if (request.Lat is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90)
        {
            errors["lat"] = ["Required: WGS84 latitude in degrees, -90 to 90."];
        }

        if (request.Lon is not { } lon || !double.IsFinite(lon) || lon is < -180 or > 180)
        {
            errors["lon"] = ["Required: WGS84 longitude in degrees, -180 to 180."];
        }

        var badMetrics = (request.Metrics ?? []).Where(m => m is null || !MetricName.IsValid(m)).ToList();
        if (badMetrics.Count > 0 || request.Metrics is { Count: > 64 })
        {
            errors["metrics"] = ["Each metric must match ^[a-z][a-z0-9_]{0,63}$, at most 64 of them."];
        }
        else if (request.Metrics is not { Count: > 0 } && request.Kind is not null && !DeviceKinds.DefaultMetrics.ContainsKey(request.Kind))
        {
            errors["metrics"] = [$"Required for a kind without defaults ('{request.Kind}')."];
        }

        return errors;
    }
}
