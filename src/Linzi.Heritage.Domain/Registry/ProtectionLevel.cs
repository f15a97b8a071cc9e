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
