using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Works;

/// <summary>Validates and maps permits and maintenance windows, naming bad fields. Pure.</summary>
public static class WorksMapper
{
    private static readonly TimeSpan MaxLength = TimeSpan.FromDays(3 * 366);

    /// <summary>Maps a permit; <paramref name="errors"/> is empty on success.</summary>
    public static Permit? TryMap(PermitDefinition? d, string createdBy, DateTimeOffset createdAt, out Dictionary<string, string[]> errors)
    {
        var problems = new ValidationErrors();
        errors = problems.ByField;
        if (d is null)
        {
            problems.Add("body", "A permit object is required.");
            return null;
        }

        Id(d.Id, problems);
        Text("approvalNumber", d.ApprovalNumber, problems);
        Text("contractor", d.Contractor, problems);
        NetTopologySuite.Geometries.Geometry? area = null;
        try
        {
            area = Geofencing.Wkt.Parse(d.Wkt ?? "");
            if (area is not NetTopologySuite.Geometries.IPolygonal)
            {
                problems.Add("wkt", "Must be a POLYGON or MULTIPOLYGON.");
            }
        }
        catch (FormatException ex)
        {
            problems.Add("wkt", $"Required: a WGS84 polygon in WKT (lon lat order). {ex.Message}");
        }

        Window(d.From, d.To, problems);
        return problems.IsEmpty
            ? new Permit(d.Id!, d.ApprovalNumber!, d.Contractor!, area!, d.From!.Value, d.To!.Value, [.. d.RuleIds ?? []], createdBy, createdAt)
            : null;
    }

    /// <summary>Maps a maintenance window; <paramref name="errors"/> is empty on success.</summary>
    public static MaintenanceWindow? TryMap(
        MaintenanceDefinition? d, RegistrySnapshot registry, string createdBy, DateTimeOffset createdAt, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var problems = new ValidationErrors();
        errors = problems.ByField;
        if (d is null)
        {
            problems.Add("body", "A maintenance window object is required.");
            return null;
        }

        Id(d.Id, problems);
        Text("reason", d.Reason, problems);
        if ((d.DeviceId is null) == (d.SiteId is null))
        {
            problems.Add("deviceId", "Name exactly one of deviceId or siteId.");
        }
        else if (d.DeviceId is not null && !registry.Devices.ContainsKey(d.DeviceId))
        {
            problems.Add("deviceId", $"Unknown device '{d.DeviceId}'.");
        }
        else if (d.SiteId is not null && !registry.Sites.ContainsKey(d.SiteId))
        {
            problems.Add("siteId", $"Unknown site '{d.SiteId}'.");
        }

        Window(d.From, d.To, problems);
        return problems.IsEmpty
            ? new MaintenanceWindow(d.Id!, d.DeviceId, d.SiteId, d.From!.Value, d.To!.Value, d.Reason!, createdBy, createdAt)
            : null;
    }

    /// <summary>The JSON form of a permit.</summary>
    public static PermitDefinition ToDefinition(Permit p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PermitDefinition
        {
            Id = p.Id, ApprovalNumber = p.ApprovalNumber, Contractor = p.Contractor, Wkt = Geofencing.Wkt.Write(p.Area), From = p.From, To = p.To,
            RuleIds = p.RuleIds, CreatedBy = p.CreatedBy, CreatedAt = p.CreatedAt,
        };
    }

    /// <summary>The JSON form of a maintenance window.</summary>
    public static MaintenanceDefinition ToDefinition(MaintenanceWindow m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new MaintenanceDefinition
        {
            Id = m.Id, DeviceId = m.DeviceId, SiteId = m.SiteId, From = m.From, To = m.To, Reason = m.Reason, CreatedBy = m.CreatedBy, CreatedAt = m.CreatedAt,
        };
    }

    private static void Id(string? id, ValidationErrors problems)
    {
        if (id is null || !MetricName.IsValidId(id))
        {
            problems.Add("id", "Required: 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit.");
        }
    }

    private static void Text(string field, string? value, ValidationErrors problems)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 200)
        {
            problems.Add(field, "Required, at most 200 characters.");
        }
    }

    private static void Window(DateTimeOffset? from, DateTimeOffset? to, ValidationErrors problems)
    {
        if (from is null)
        {
            problems.Add("from", "Required: an RFC 3339 time.");
        }

        if (to is null)
        {
            problems.Add("to", "Required: an RFC 3339 time.");
        }
        else if (from is not null && (to <= from || to - from > MaxLength))
        {
            problems.Add("to", "Must be after from, and at most three years later.");
        }
    }
}
