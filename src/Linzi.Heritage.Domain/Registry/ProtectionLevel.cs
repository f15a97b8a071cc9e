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

    /// <summary>市级文物保护单位 (市保): a municipal (prefecture-level city) protected site.</summary>
    [WireName("municipal")]
    Municipal,

    /// <summary>县级文物保护单位 (县保): a county or district protected site.</summary>
    [WireName("county")]
    County,
}

/// <summary>Wire names of <see cref="ProtectionLevel"/>; forwards to <see cref="WireName"/>, kept for its callers.</summary>
public static class ProtectionLevelNames
{
    /// <summary>Returns the wire name.</summary>
    public static string ToWire(this ProtectionLevel level) => WireName.Of(level);

    /// <summary>
    /// Parses a wire name. <c>city_county</c>, the one level that stood for both before the contract named four, is
    /// still read as <see cref="ProtectionLevel.Municipal"/> so rules written then keep loading.
    /// </summary>
    public static bool TryParse(string? value, out ProtectionLevel level)
    {
        if (value == "city_county")
        {
            level = ProtectionLevel.Municipal;
            return true;
        }

        return WireName.TryParse(value, out level);
    }

    /// <summary>The Chinese short form people use: 国保, 省保, 市保, 县保.</summary>
    public static string ShortNameZh(this ProtectionLevel level) => level switch
    {
        ProtectionLevel.National => "国保",
        ProtectionLevel.Provincial => "省保",
        ProtectionLevel.Municipal => "市保",
        _ => "县保",
    };
}
