namespace Linzi.Heritage.Domain.Registry;

/// <summary>China's tiers of officially protected heritage sites.</summary>
public enum ProtectionLevel
{
    /// <summary>全国重点文物保护单位 (国保): a national key protected site.</summary>
    National,

    /// <summary>省级文物保护单位 (省保): a provincial protected site.</summary>
    Provincial,

    /// <summary>市县级文物保护单位 (市县保): a city or county protected site.</summary>
    CityCounty,
}

/// <summary>Wire names of <see cref="ProtectionLevel"/>: <c>national</c>, <c>provincial</c>, <c>city_county</c>.</summary>
public static class ProtectionLevelNames
{
    /// <summary>Returns the wire name.</summary>
    public static string ToWire(this ProtectionLevel level) => level switch
    {
        ProtectionLevel.National => "national",
        ProtectionLevel.Provincial => "provincial",
        ProtectionLevel.CityCounty => "city_county",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(string? value, out ProtectionLevel level)
    {
        (level, var ok) = value switch
        {
            "national" => (ProtectionLevel.National, true),
            "provincial" => (ProtectionLevel.Provincial, true),
            "city_county" => (ProtectionLevel.CityCounty, true),
            _ => (default, false),
        };
        return ok;
    }
}
