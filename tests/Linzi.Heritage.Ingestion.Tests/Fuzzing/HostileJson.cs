using System.Globalization;
using System.Text;
using CsCheck;

namespace Linzi.Heritage.Ingestion.Tests.Fuzzing;

/// <summary>
/// Generators of hostile telemetry: JSON that is almost right (wrong types, huge and tiny numbers, deep nesting,
/// escaped lone surrogates, duplicate and odd keys), JSON cut or spliced at random, and raw bytes.
/// </summary>
internal static class HostileJson
{
    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.OneOf("1e400", "-1e400", "0.0000000000000000000000001", "NaN", "Infinity", "-0", "01", "1.", ".5", "1e", "0x10", "99999999999999999999999999"));

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char, 0, 20].Select(Quote),
        Gen.OneOf("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"2026-11-26T14:05:00Z\"", "\"2026-13-45T99:99:99Z\"", "\"\"", "\"\\\"", "\"9999-12-31T23:59:59Z\""));

    private static readonly Gen<string> Scalar = Gen.OneOf(Number, Text, Gen.OneOf("true", "false", "null"));

    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.OneOf("readings", "ts", "seq", "lat", "lon", "battery_v", "rssi_dbm", "drill", "ppv_mm_s", "rh_pct", "pir_count", "\\ud800", "", "readings\\u0000"),
        Gen.String[Gen.Char, 0, 12]);

    /// <summary>A JSON value up to <paramref name="depth"/> levels deep.</summary>
    public static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (2, Object(depth - 1)),
            (1, Gen.Select(Value(depth - 1).Array[0, 5], items => "[" + string.Join(",", items) + "]")));

    /// <summary>An object whose keys are mostly telemetry's own.</summary>
    public static Gen<string> Object(int depth) =>
        Gen.Select(Gen.Select(Key, Value(depth)).Array[0, 6], fields =>
            "{" + string.Join(",", fields.Select(f => Quote(f.Item1) + ":" + f.Item2)) + "}");

    /// <summary>Telemetry-shaped payloads: one reading object, or an array of them, with hostile values.</summary>
    public static readonly Gen<string> Telemetry = Gen.Frequency(
        (3, Gen.Select(Gen.Select(Gen.OneOf("ppv_mm_s", "rh_pct", "pir_count", "x", "\\ud800", "a b"), Value(1)).Array[0, 4], Value(1), Value(0), (readings, ts, seq) =>
            "{\"readings\":{" + string.Join(",", readings.Select(r => Quote(r.Item1) + ":" + r.Item2)) + "},\"ts\":" + ts + ",\"seq\":" + seq + "}")),
        (2, Object(2)),
        (1, Gen.Select(Object(1).Array[0, 4], items => "[" + string.Join(",", items) + "]")));

    /// <summary>Payload bytes: well-formed hostile JSON, the same cut or spliced, or raw bytes.</summary>
    public static readonly Gen<byte[]> Payload = Gen.Frequency(
        (4, Telemetry.Select(Encoding.UTF8.GetBytes)),
        (2, Gen.Select(Telemetry, Gen.Int[0, 200], (json, cut) => Encoding.UTF8.GetBytes(json[..Math.Min(cut, json.Length)]))),
        (1, Gen.Select(Telemetry, Gen.Byte.Array[1, 8], Gen.Int[0, 200], (json, noise, at) =>
        {
            var bytes = Encoding.UTF8.GetBytes(json).ToList();
            bytes.InsertRange(Math.Min(at, bytes.Count), noise);
            return bytes.ToArray();
        })),
        (1, Gen.Byte.Array[0, 64]));

    // Quotes a key the way JSON does, but leaves escapes written above (\ud800) as they are: that is the point.
    private static string Quote(string s) => s.StartsWith('"') ? s : "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
