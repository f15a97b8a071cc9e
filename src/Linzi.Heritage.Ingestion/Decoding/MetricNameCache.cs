using System.Collections.Concurrent;
using System.Text.Json;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Ingestion.Decoding;

/// <summary>
/// Turns metric names in UTF-8 into shared strings, so the hot path does not allocate a new string for every
/// metric of every reading. Thread-safe; bounded, so a device inventing names cannot grow it without limit.
/// </summary>
internal sealed class MetricNameCache
{
    private const int MaxEntries = 10_000;

    // Seeded with the contract's names, so the metrics real devices send are always shared strings, even after a
    // device inventing names has filled the cache to its bound.
    private readonly ConcurrentDictionary<string, string> _names = new(MetricNames.All.Select(n => KeyValuePair.Create(n, n)), StringComparer.Ordinal);

    /// <summary>Reads the current property name; false when it is not a valid metric name.</summary>
    public bool TryGet(ref Utf8JsonReader reader, out string name)
    {
        name = string.Empty;
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > MetricName.MaxLength)
        {
            // Rare shapes: take the slow, allocating path and validate the decoded text.
            var text = reader.GetString() ?? string.Empty;
            name = text;
            return MetricName.IsValid(text);
        }

        var utf8 = reader.ValueSpan;
        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i]; // Non-ASCII bytes become chars outside a-z and fail validation below.
        }

        if (!MetricName.IsValid(chars))
        {
            return false;
        }

        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var cached))
        {
            name = cached;
            return true;
        }

        name = new string(chars);
        if (_names.Count < MaxEntries)
        {
            _names.TryAdd(name, name);
        }

        return true;
    }
}
