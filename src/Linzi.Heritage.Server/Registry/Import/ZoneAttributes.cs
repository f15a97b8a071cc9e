using System.Globalization;

namespace Linzi.Heritage.Server.Registry.Import;

/// <summary>
/// Finds a zone's id, kind and name among a feature's attributes whatever the exporting tool called them:
/// case-insensitive, with the usual synonyms (<c>type</c> for kind, <c>名称</c> for name). Thread-safe.
/// </summary>
internal static class ZoneAttributes
{
    private static readonly string[] IdNames = ["id", "zone_id", "zoneid", "code", "编号"];
    private static readonly string[] KindNames = ["kind", "type", "zone_kind", "zonekind", "类型"];
    private static readonly string[] NameNames = ["name", "zone_name", "zonename", "名称"];

    /// <summary>The id attribute as text, trimmed; null when absent or blank.</summary>
    public static string? Id(IReadOnlyDictionary<string, object?> attributes) => Find(attributes, IdNames);

    /// <summary>The kind attribute as text, trimmed; null when absent or blank.</summary>
    public static string? Kind(IReadOnlyDictionary<string, object?> attributes) => Find(attributes, KindNames);

    /// <summary>The name attribute as text, trimmed; null when absent or blank.</summary>
    public static string? Name(IReadOnlyDictionary<string, object?> attributes) => Find(attributes, NameNames);

    /// <summary>An attribute value as text: strings trimmed (dBASE pads them), whole numbers without decimals.</summary>
    public static string? Text(object? value)
    {
        var text = value switch
        {
            null => null,
            string s => s,
            double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
            decimal m when m == decimal.Floor(m) && Math.Abs(m) < 1e15m => decimal.ToInt64(m).ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static string? Find(IReadOnlyDictionary<string, object?> attributes, string[] names)
    {
        foreach (var name in names)
        {
            foreach (var (key, value) in attributes)
            {
                if (string.Equals(key.Trim(), name, StringComparison.OrdinalIgnoreCase) && Text(value) is { } text)
                {
                    return text;
                }
            }
        }

        return null;
    }
}
