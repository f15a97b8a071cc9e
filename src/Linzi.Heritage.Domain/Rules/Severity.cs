using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Rules;

/// <summary>China's four-colour warning levels, from least to most severe.</summary>
public enum Severity
{
    /// <summary>蓝色 (IV).</summary>
    [WireName("blue")]
    Blue = 1,

    /// <summary>黄色 (III).</summary>
    [WireName("yellow")]
    Yellow = 2,

    /// <summary>橙色 (II).</summary>
    [WireName("orange")]
    Orange = 3,

    /// <summary>红色 (I).</summary>
    [WireName("red")]
    Red = 4,
}

/// <summary>Wire names of <see cref="Severity"/>; forwards to <see cref="WireName"/>, kept for its many callers.</summary>
public static class SeverityNames
{
    /// <summary>Returns <c>blue</c>, <c>yellow</c>, <c>orange</c> or <c>red</c>.</summary>
    public static string ToWire(this Severity severity) => WireName.Of(severity);

    /// <summary>Parses a wire name; on failure <paramref name="severity"/> is 0, which is no severity.</summary>
    public static bool TryParse(string? value, out Severity severity) => WireName.TryParse(value, out severity);
}
