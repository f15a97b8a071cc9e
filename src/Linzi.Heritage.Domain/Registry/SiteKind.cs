using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>
/// The categories of immovable heritage in China's heritage law (不可移动文物), which decide what a patrol checks at the
/// site. The first is the default: most sites in Linzi are ruins.
/// </summary>
public enum SiteKind
{
    /// <summary>古遗址: ruins, such as city walls, workshops and rammed-earth foundations.</summary>
    [WireName("ruins")]
    Ruins,

    /// <summary>古墓葬: tombs and burial pits, the target of tomb robbers.</summary>
    [WireName("tomb")]
    Tomb,

    /// <summary>古建筑: historic buildings, most of them timber, for which fire is the great danger.</summary>
    [WireName("building")]
    Building,

    /// <summary>石窟寺及石刻: cave temples and stone carvings, which weather and attract rubbings and graffiti.</summary>
    [WireName("grotto_carving")]
    GrottoCarving,

    /// <summary>近现代重要史迹及代表性建筑: modern historic sites and representative buildings.</summary>
    [WireName("modern")]
    Modern,

    /// <summary>其他: anything else, such as a museum store room.</summary>
    [WireName("other")]
    Other,
}
