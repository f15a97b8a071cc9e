using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>Threshold comparison operators.</summary>
public enum ComparisonOp
{
    /// <summary><c>&gt;</c></summary>
    [WireName(">")]
    GreaterThan,

    /// <summary><c>&gt;=</c></summary>
    [WireName(">=")]
    GreaterOrEqual,

    /// <summary><c>&lt;</c></summary>
    [WireName("<")]
    LessThan,

    /// <summary><c>&lt;=</c></summary>
    [WireName("<=")]
    LessOrEqual,
}

/// <summary>Wire symbols of <see cref="ComparisonOp"/> (forwards to <see cref="WireName"/>) and the comparison itself.</summary>
public static class ComparisonOps
{
    /// <summary>The symbols the API accepts.</summary>
    public static IReadOnlyList<string> Symbols => WireName.All<ComparisonOp>();

    /// <summary>Returns the operator's symbol.</summary>
    public static string ToWire(this ComparisonOp op) => WireName.Of(op);

    /// <summary>Parses a symbol.</summary>
    public static bool TryParse(string? value, out ComparisonOp op) => WireName.TryParse(value, out op);

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
