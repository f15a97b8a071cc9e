using System.Globalization;
using System.Text;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Devices;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Server.Registry;
using Linzi.Heritage.Server.Problems;
using Linzi.Heritage.Server.Registry.Admin;
using Linzi.Heritage.Server.Registry.Transfer;

namespace Linzi.Heritage.Server.Devices;

/// <summary>A provisioned device's secret, shown once.</summary>
public sealed record ProvisionedSecretDto(string Id, string Secret);

/// <summary>Answer of <c>POST /api/devices/import</c>: the rows read, what is wrong with them, and (after a real import) the secrets.</summary>
public sealed record DeviceImportReportDto(bool DryRun, int Rows, IReadOnlyList<UserImportErrorDto> Errors, IReadOnlyList<ProvisionedSecretDto> Devices);

/// <summary>
/// <c>POST /api/devices/import?dryRun=true|false[&amp;format=csv]</c> (maintenance, bureau), body <c>text/csv</c> with the
/// header <c>id,siteId,kind,lat,lon,name,metrics</c> (<c>name</c> and <c>metrics</c> optional; metrics separated by
/// <c>;</c>). Every row is checked as <c>POST /api/devices</c> checks one; a real import provisions all of them or,
/// when any row is bad or an id is taken, none. The secrets come back once, as JSON or (<c>format=csv</c>) as a
/// file to download.
/// </summary>
public static class DeviceImportEndpoint
{
    private const int MaxBytes = 4 * 1024 * 1024;
    private const int MaxRows = 5000;
    private static readonly string[] Columns = ["id", "siteId", "kind", "lat", "lon", "name", "metrics"];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapDeviceImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/devices/import", ImportAsync).RequireAuthorization(Policies.Provisioning).Accepts<string>("text/csv");
        return app;
    }

    private static async Task<IResult> ImportAsync(bool? dryRun, string? format, HttpRequest request, RegistryEditor editor, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("Send the file as text/csv (UTF-8).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Not CSV");
        }

        var body = await BoundedRead.ReadAllAsync(request.Body, MaxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem($"The file is larger than {MaxBytes / 1024 / 1024} MiB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
        }

        var errors = new List<UserImportErrorDto>();
        var rows = Read(body, errors);
        var dry = dryRun ?? true;
        var secrets = rows.Where(r => r.Id.Length > 0).ToDictionary(r => r.Id, _ => DeviceSecrets.Generate(), StringComparer.Ordinal);
        var edit = editor.Edit(request.HttpContext.Actor(), dry || errors.Count > 0, registry =>
        {
            var siteIds = registry.Sites.Keys.ToHashSet(StringComparer.Ordinal);
            var devices = new List<Device>();
            foreach (var row in rows)
            {
                var rowErrors = new ValidationErrors();
                var device = RegistryEntryMapper.TryMapDevice(row.Entry, siteIds, "", rowErrors);
                errors.AddRange(rowErrors.ByField.SelectMany(e => e.Value.Select(m => new UserImportErrorDto(row.Line, e.Key, m))));
                if (registry.Devices.ContainsKey(row.Id) || registry.Decommissioned.ContainsKey(row.Id))
                {
                    errors.Add(new UserImportErrorDto(row.Line, "id", $"A device with id '{row.Id}' is already provisioned (or was)."));
                }
                else if (device is not null)
                {
                    devices.Add(device);
                }
            }

            return errors.Count > 0
                ? RegistryRefusal.Invalid(errors.GroupBy(e => $"line {e.Line}: {e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
                : new RegistryChange { Devices = devices, Credentials = [.. devices.Select(d => new DeviceCredential(d.Id, DeviceSecrets.Hash(secrets[d.Id])))] };
        }, action: "provisioned");

        var ordered = errors.OrderBy(e => e.Line).ThenBy(e => e.Field, StringComparer.Ordinal).ToList();
        if (dry)
        {
            return TypedResults.Ok(new DeviceImportReportDto(true, rows.Count, ordered, []));
        }

        if (edit.Refusal is not null || ordered.Count > 0)
        {
            return TypedResults.ValidationProblem(
                ordered.GroupBy(e => $"line {e.Line}: {e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                detail: "Nothing was provisioned: fix the rows named and send the file again.", title: "The file has bad rows.",
                extensions: new Dictionary<string, object?> { ["report"] = new DeviceImportReportDto(false, rows.Count, ordered, []) });
        }

        var provisioned = rows.Select(r => new ProvisionedSecretDto(r.Id, secrets[r.Id])).ToList();
        if (format == "csv")
        {
            var csv = new StringBuilder("id,secret\r\n");
            foreach (var device in provisioned)
            {
                csv.Append(device.Id).Append(',').Append(device.Secret).Append("\r\n");
            }

            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", "device-secrets.csv");
        }

        return TypedResults.Ok(new DeviceImportReportDto(false, rows.Count, [], provisioned));
    }

    // The rows as device entries with the line each starts on; file-level problems go to errors.
    internal static List<(int Line, string Id, DeviceEntry Entry)> Read(byte[] body, List<UserImportErrorDto> errors)
    {
        IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> records;
        try
        {
            records = CsvRecords.Read(StrictUtf8.GetString(body).TrimStart('\uFEFF'));
        }
        catch (Exception ex) when (ex is DecoderFallbackException or FormatException)
        {
            errors.Add(new UserImportErrorDto(1, "body", ex is DecoderFallbackException ? "Not UTF-8. Save the file as \"CSV UTF-8\"." : ex.Message));
            return [];
        }

        if (records.Count == 0)
        {
            errors.Add(new UserImportErrorDto(1, "header", "Empty file: the first line names the columns " + string.Join(",", Columns) + "."));
            return [];
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)));
        foreach (var missing in Columns[..5].Where(c => index[c] < 0))
        {
            errors.Add(new UserImportErrorDto(records[0].Line, "header", $"Missing column '{missing}'."));
        }

        if (errors.Count > 0 || records.Count - 1 > MaxRows)
        {
            if (records.Count - 1 > MaxRows)
            {
                errors.Add(new UserImportErrorDto(1, "body", $"At most {MaxRows} devices per file."));
            }

            return [];
        }

        var rows = new List<(int, string, DeviceEntry)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                errors.Add(new UserImportErrorDto(line, "row", $"{fields.Count} fields where the header has {header.Count}."));
                continue;
            }

            string? Cell(string column) => index[column] < 0 || string.IsNullOrWhiteSpace(fields[index[column]]) ? null : fields[index[column]].Trim();
            var id = Cell("id") ?? string.Empty;
            if (id.Length > 0 && !seen.TryAdd(id, line))
            {
                errors.Add(new UserImportErrorDto(line, "id", $"Duplicate id '{id}' (also line {seen[id]})."));
                continue;
            }

            rows.Add((line, id, new DeviceEntry
            {
                Id = Cell("id"), SiteId = Cell("siteId"), Kind = Cell("kind"), Name = Cell("name"),
                Lat = Number(Cell("lat")), Lon = Number(Cell("lon")),
                Metrics = Cell("metrics") is { } metrics ? metrics.Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
            }));
        }

        return rows;
    }

    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
