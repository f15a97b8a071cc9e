using System.Globalization;
using System.Text;
using CsCheck;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Server.Accounts;
using Linzi.Heritage.Server.Devices;
using Linzi.Heritage.Server.Registry.Import;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Linzi.Heritage.Storage.Sqlite;
using Linzi.Heritage.Storage.Accounts;

namespace Linzi.Heritage.Server.Tests.Fuzzing;

/// <summary>
/// Issue 15: generated hostile uploads against the administration importers (zone files, user and device CSV). No
/// exception escapes, and an upload that yields nothing says why.
/// </summary>
public sealed class ImportFuzzTests : IDisposable
{
    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Double[-200, 200].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf("1e400", "NaN", "\"118.3\"", "null", "[]", "{}", "-0", "true"));

    private static readonly Gen<string> Position = Gen.Frequency(
        (6, Gen.Select(Number, Number, (x, y) => $"[{x},{y}]")),
        (1, Gen.Select(Number.Array[0, 4], xs => "[" + string.Join(",", xs) + "]")),
        (1, Number));

    private static readonly Gen<string> Ring = Gen.Select(Position.Array[0, 8], Gen.Bool, (points, closed) =>
        "[" + string.Join(",", closed && points.Length > 0 ? [.. points, points[0]] : points) + "]");

    private static readonly Gen<string> Geometry = Gen.Frequency(
        (4, Gen.Select(Gen.OneOf("Polygon", "MultiPolygon", "Point", "LineString", "GeometryCollection", "polygon", ""), Ring.Array[0, 3], (type, rings) =>
            $$"""{"type":"{{type}}","coordinates":[{{string.Join(",", rings)}}]}""")),
        (1, Gen.OneOf("null", "{}", "[]", "\"POLYGON((0 0,1 0,1 1,0 0))\"", """{"type":"Polygon"}""")));

    private static readonly Gen<string> Property = Gen.Select(
        Gen.OneOf("id", "name", "kind", "siteId", "level", "类型", ""),
        Gen.OneOf(
            Gen.OneOf("\"protection\"", "\"construction_control\"", "\"horse-pit\"", "\"xunma-core\"", "\"\"", "null", "7", "[]", "{\"a\":1}", "\"\\ud800\""),
            Gen.String[Gen.Char, 0, 16].Select(s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")),
        (key, value) => $"\"{key}\":{value}");

    private static readonly Gen<string> Feature = Gen.Select(Geometry, Property.Array[0, 5], Gen.OneOf("Feature", "feature", "FeatureCollection"), (geometry, properties, type) =>
        "{\"type\":\"" + type + "\",\"geometry\":" + geometry + ",\"properties\":{" + string.Join(",", properties) + "}}");

    private static readonly Gen<string> GeoJson = Gen.Frequency(
        (5, Gen.Select(Feature.Array[0, 5], features => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""")),
        (1, Feature),
        (1, Geometry));

    private static readonly Gen<byte[]> ZoneUpload = Gen.Frequency(
        (5, GeoJson.Select(Encoding.UTF8.GetBytes)),
        (2, Gen.Select(GeoJson, Gen.Int[0, 300], (json, cut) => Encoding.UTF8.GetBytes(json[..Math.Min(cut, json.Length)]))),
        (1, Gen.Byte.Array[0, 200]));

    private static readonly Gen<string> CsvField = Gen.OneOf(
        Gen.OneOf("bureau", "inspector", "chief", "maintenance", "admin", "horse-pit", "pir", "vibration", "36.875", "118.368", "1e400", "NaN", "13800138000", "", " ", "\"", "\"a,b\"", "\"unclosed", "ppv_mm_s;rh_pct", "=cmd|' /C calc'!A0"),
        Gen.String[Gen.Char, 0, 12]);

    private static readonly Gen<string> Csv = Gen.Select(
        Gen.OneOf("username,displayName,role,phone", "id,siteId,kind,lat,lon,name,metrics", "", "a,b", "\uFEFFid,siteId,kind,lat,lon,name,metrics"),
        CsvField.Array[0, 8].Array[0, 12],
        Gen.OneOf("\n", "\r\n", "\r"),
        (header, rows, newline) => header + newline + string.Join(newline, rows.Select(r => string.Join(",", r))));

    private readonly TempDirectory _data = new();

    [Fact]
    public void ZoneFiles_HostileUploads_NeverThrow_AndEveryErrorSaysWhereAndWhy()
    {
        Gen.Select(ZoneUpload, Gen.OneOf<string?>("zones.geojson", "zones.json", "zones.kml", "zones.kmz", "zones.zip", "zones.csv", null)).Sample(
            (bytes, name) =>
            {
                var result = ZoneFileReader.Read(bytes, name, null);
                // An empty FeatureCollection is no refusal: zero zones, no error.
                return result.Errors.All(e => !string.IsNullOrEmpty(e.Message) && !string.IsNullOrEmpty(e.Path));
            },
            iter: 25_000,
            threads: 1);
    }

    [Fact]
    public void UserCsv_HostileUploads_NeverThrow_AndEveryRefusalNamesItsLineAndField()
    {
        var users = new SqliteUserStore(new DataFiles(_data.Path));
        Csv.Sample(
            csv =>
            {
                var plan = UserImportPlan.Check(csv, users);
                return plan.Errors.All(e => e.Line >= 0 && !string.IsNullOrEmpty(e.Field) && !string.IsNullOrEmpty(e.Message));
            },
            iter: 10_000,
            threads: 1);
    }

    [Fact]
    public void DeviceCsv_HostileUploads_NeverThrow_AndEveryRefusalNamesItsField()
    {
        Gen.Frequency((6, Csv.Select(Encoding.UTF8.GetBytes)), (1, Gen.Byte.Array[0, 120])).Sample(
            body =>
            {
                var errors = new List<UserImportErrorDto>();
                var rows = DeviceImportEndpoint.Read(body, errors);
                return errors.All(e => !string.IsNullOrEmpty(e.Field) && !string.IsNullOrEmpty(e.Message)) && rows.All(r => r.Id is not null);
            },
            iter: 10_000,
            threads: 1);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
