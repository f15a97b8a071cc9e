namespace Linzi.Heritage.Domain.Rules;

/// <summary>China's four-colour warning levels, from least to most severe.</summary>
public enum Severity
{
    /// <summary>蓝色 (IV).</summary>
    Blue = 1,

    /// <summary>黄色 (III).</summary>
    Yellow = 2,

    /// <summary>橙色 (II).</summary>
    Orange = 3,

    /// <summary>红色 (I).</summary>
    Red = 4,
}

/// <summary>Wire names of <see cref="Severity"/>.</summary>
public static class SeverityNames
{
    /// <summary>Returns <c>blue</c>, <c>yellow</c>, <c>orange</c> or <c>red</c>.</summary>
    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Blue => "blue",
        Severity.Yellow => "yellow",
        Severity.Orange => "orange",
        Severity.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(string? value, out Severity severity)
    {
        severity = value switch
        {
            "blue" => Severity.Blue,
            "yellow" => Severity.Yellow,
            "orange" => Severity.Orange,
            "red" => Severity.Red,
            _ => 0,
        };
        return severity != 0;
    }
}
