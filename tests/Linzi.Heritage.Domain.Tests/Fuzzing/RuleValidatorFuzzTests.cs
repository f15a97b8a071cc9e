using System.Globalization;
using System.Text.Json;
using CsCheck;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Tests.Fuzzing;

/// <summary>
/// Issue 15: generated hostile rule documents, as <c>POST /api/rules</c> receives them, through JSON binding and the
/// rule validator. No exception but JSON's own escapes, and every refusal names its fields with a reason.
/// </summary>
public sealed class RuleValidatorFuzzTests
{
    private static readonly HashSet<string> Sites = new(StringComparer.Ordinal) { "horse-pit", "qi-capital" };

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[-5, 100_000].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.OneOf(
            "true", "false", "null", "\"\"", "\"red\"", "\"orange\"", "\"purple\"", "\"ppv_mm_s\"", "\"no_data\"", "\"threshold\"", "\"geofence\"",
            "\"correlation\"", "\"rate_of_change\"", "\"\\u003e\"", "\"\\u003c=\"", "\"enter\"", "\"dwell\"", "\"hour\"", "\"horse-pit\"", "\"protection\"",
            "\"Asia/Shanghai\"", "\"Mars/Olympus\"", "\"22:00\"", "\"25:61\"", "\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"", "\"POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))\"", "1e400"));

    private static readonly string[] Keys =
    [
        "id", "name", "severity", "enabled", "autoClear", "message", "source", "kind", "metric", "op", "value", "clearValue", "sustainSeconds",
        "sustainReadings", "per", "windowSeconds", "afterSeconds", "event", "zoneIds", "zoneKinds", "siteIds", "cellIds", "deviceKinds", "deviceIds",
        "signals", "minModalities", "dwellSeconds", "averageOver", "debounceSeconds", "tamperSeverity", "tamperWindow", "timeZone", "from", "to",
        "weekdays", "windows", "near", "metres", "wkt", "maxHdop", "maxAccuracyM", "protectionLevels", "verifySeverity",
    ];

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (2, Object(depth - 1)),
            (2, Gen.Select(Value(depth - 1).Array[0, 4], items => "[" + string.Join(",", items) + "]")));

    private static Gen<string> Object(int depth) =>
        Gen.Select(Gen.Select(Gen.OneOf(Keys), Value(depth)).Array[0, 7], fields =>
            "{" + string.Join(",", fields.Select(f => "\"" + f.Item1 + "\":" + f.Item2)) + "}");

    private static readonly Gen<string> Rule = Gen.Select(
        Object(1), Object(2), Object(1), Gen.OneOf("\"red\"", "\"blue\"", "\"x\"", "null"), (top, condition, scope, severity) =>
            top.TrimEnd('}') + (top.Length > 2 ? "," : "") + "\"severity\":" + severity + ",\"scope\":" + scope + ",\"condition\":" + condition + "}");

    [Fact]
    public void HostileRules_AreMappedOrRefusedFieldByField_NeverThrow()
    {
        Rule.Sample(
            json =>
            {
                RuleDefinition? definition;
                try
                {
                    definition = JsonSerializer.Deserialize<RuleDefinition>(json);
                }
                catch (JsonException)
                {
                    return true; // The endpoint answers 400 naming the JSON path, before the validator.
                }

                var rule = RuleDefinitionMapper.TryMap(definition, Sites, out var errors);
                return rule is null
                    ? errors.Count > 0 && errors.All(e => e.Key.Length > 0 && e.Value.Length > 0 && e.Value.All(m => m.Length > 0))
                    : errors.Count == 0;
            },
            iter: 30_000,
            threads: 1);
    }
}
