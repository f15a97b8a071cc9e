using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Rules.Defaults;

/// <summary>An allowed range of a metric with where it comes from.</summary>
public sealed record LimitBand(double Min, double Max, string Source);

/// <summary>
/// Published heritage limits the default rules are built from. Every value is a default for the bureau to confirm
/// against the standard's text and the site's survey; none replaces an engineer's judgement. Pure tables.
/// </summary>
public static class HeritageLimits
{
    /// <summary>The vibration standard the velocity limits come from.</summary>
    public const string VibrationStandard = "GB/T 50452-2008 古建筑防工业振动技术规范";

    /// <summary>Burland's crack-width class boundaries in mm: classes 1 to 5 start at these widths.</summary>
    public static readonly IReadOnlyList<double> BurlandClassStarts = [0.1, 1, 5, 15, 25];

    // Allowed peak particle velocity (mm/s) by structure and protection level, as the standard's tables give them
    // (the range follows the wave velocity of the material). Earth sites are not in the tables; brick, the strictest
    // masonry, stands in for them.
    private static readonly Dictionary<string, (double Low, double High)[]> Velocity = new(StringComparer.Ordinal)
    {
        ["brick"] = [(0.15, 0.25), (0.27, 0.45), (0.45, 0.75)],
        ["stone"] = [(0.20, 0.30), (0.36, 0.54), (0.60, 0.90)],
        ["timber"] = [(0.18, 0.22), (0.25, 0.30), (0.29, 0.35)],
    };

    // Relative humidity bands (%) by material, as the district asked for.
    private static readonly Dictionary<string, (double Min, double Max)> Humidity = new(StringComparer.Ordinal)
    {
        ["metal"] = (0, 40), ["bronze"] = (0, 40), ["iron"] = (0, 40),
        ["ceramic"] = (40, 50), ["stone"] = (40, 50),
        ["bone"] = (50, 60), ["organic"] = (50, 60), ["wood"] = (50, 60), ["timber"] = (50, 60), ["textile"] = (50, 60),
    };

    /// <summary>The structure class of a material in the vibration tables (earth and rammed earth count as brick).</summary>
    public static string? StructureOf(string material) => material switch
    {
        "brick" or "earth" or "rammed_earth" => "brick",
        "stone" => "stone",
        "timber" or "wood" => "timber",
        _ => null,
    };

    /// <summary>The allowed velocity band for a material at a protection level, or null when the tables do not cover it.</summary>
    public static LimitBand? VibrationLimit(ProtectionLevel level, string material)
    {
        if (StructureOf(material) is not { } structure)
        {
            return null;
        }

        // The standard's tables have three columns: national, provincial, and city-and-county sites together.
        var (low, high) = Velocity[structure][level switch { ProtectionLevel.National => 0, ProtectionLevel.Provincial => 1, _ => 2 }];
        var proxy = structure == "brick" && material != "brick" ? $" ({material}: brick values stand in)" : "";
        return new LimitBand(low, high, $"{VibrationStandard}: {structure}, {level.ToWire()} {low}–{high} mm/s{proxy}; default, to be confirmed by the bureau");
    }

    /// <summary>The relative-humidity band for a material, or null when none is known.</summary>
    public static LimitBand? HumidityBand(string material) =>
        Humidity.TryGetValue(material, out var band)
            ? new LimitBand(band.Min, band.Max, $"RH band for {material}: {band.Min}–{band.Max} % (metal 0–40, ceramics and stone 40–50, organics and bone 50–60); default, to be confirmed by the bureau")
            : null;

    /// <summary>The Burland class (0 to 5) of a crack width in mm.</summary>
    public static int BurlandClass(double widthMm) => BurlandClassStarts.Count(start => widthMm >= start);
}
