using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>China's tiers of officially protected heritage sites.</summary>
public enum ProtectionLevel
{
    /// <summary>全国重点文物保护单位 (国保): a national key protected site.</summary>
    [WireName("national")]
    National,

    /// <summary>省级文物保护单位 (省保): a provincial protected site.</summary>
    [WireName("provincial")]
    Provincial,

    /// <summary>市县级文物保护单位 (市县保): a city or county protected site.</summary>
    [WireName("city_county")]
    CityCounty,
}

/// <summary>Wire names of <see cref="ProtectionLevel"/>; forwards to <see cref="WireName"/>, kept for its callers.</summary>
public static class ProtectionLevelNames
{
    /// <summary>Returns the wire name.</summary>
    public static string ToWire(this ProtectionLevel level) => WireName.Of(level);

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(string? value, out ProtectionLevel level) => WireName.TryParse(value, out level);
}
