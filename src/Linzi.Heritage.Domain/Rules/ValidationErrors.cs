namespace Linzi.Heritage.Domain.Rules;

/// <summary>Problems keyed by the JSON path of the field (<c>condition.op</c>), in the shape of RFC 9457 validation errors.</summary>
public sealed class ValidationErrors
{
    /// <summary>The problems so far.</summary>
    public Dictionary<string, string[]> ByField { get; } = [];

    /// <summary>True when nothing is wrong.</summary>
    public bool IsEmpty => ByField.Count == 0;

    /// <summary>Adds a problem to a field.</summary>
    public void Add(string field, string message) => ByField[field] = [.. ByField.GetValueOrDefault(field, []), message];

    /// <summary>Parses an optional duration in seconds, between 0 (or just above, if <paramref name="positive"/>) and <paramref name="max"/>.</summary>
    public TimeSpan? Seconds(string field, double? seconds, TimeSpan max, bool positive = true)
    {
        if (seconds is not { } s)
        {
            return null;
        }

        if (!double.IsFinite(s) || s < 0 || (positive && s == 0) || s > max.TotalSeconds)
        {
            Add(field, $"Must be a number of seconds {(positive ? "above 0" : "from 0")} up to {max.TotalSeconds:0}.");
            return null;
        }

        return TimeSpan.FromSeconds(s);
    }

    /// <summary>Checks a required finite number.</summary>
    public double Finite(string field, double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            Add(field, "Required: a finite number.");
            return 0;
        }

        return v;
    }
}
