namespace Linzi.Heritage.Domain.Rules;

/// <summary>Threshold comparison operators.</summary>
public enum ComparisonOp
{
    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
}

/// <summary>Wire symbols of <see cref="ComparisonOp"/> and the comparison itself.</summary>
public static class ComparisonOps
{
    /// <summary>The symbols the API accepts.</summary>
    public static readonly IReadOnlyList<string> Symbols = [">", ">=", "<", "<="];

    /// <summary>Returns the operator's symbol.</summary>
    public static string ToWire(this ComparisonOp op) => op switch
    {
        ComparisonOp.GreaterThan => ">",
        ComparisonOp.GreaterOrEqual => ">=",
        ComparisonOp.LessThan => "<",
        ComparisonOp.LessOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Parses a symbol.</summary>
    public static bool TryParse(string? value, out ComparisonOp op)
    {
        (op, var ok) = value switch
        {
            ">" => (ComparisonOp.GreaterThan, true),
            ">=" => (ComparisonOp.GreaterOrEqual, true),
            "<" => (ComparisonOp.LessThan, true),
            "<=" => (ComparisonOp.LessOrEqual, true),
            _ => (default, false),
        };
        return ok;
    }

    /// <summary>True when <c>value op threshold</c> holds.</summary>
    public static bool Holds(this ComparisonOp op, double value, double threshold) => op switch
    {
        ComparisonOp.GreaterThan => value > threshold,
        ComparisonOp.GreaterOrEqual => value >= threshold,
        ComparisonOp.LessThan => value < threshold,
        ComparisonOp.LessOrEqual => value <= threshold,
        _ => false,
    };
}
