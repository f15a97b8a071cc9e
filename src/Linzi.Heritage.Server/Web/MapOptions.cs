using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Web;

/// <summary>
/// The base map under the live map's vector layers. Section <c>Map</c>. OpenStreetMap by default; Tianditu (天地图)
/// with a key, which Chinese government networks usually require; <c>None</c> for a plain background on closed networks.
/// Both tile sources are Web Mercator in WGS84/CGCS2000, so the registry's coordinates need no GCJ-02 shift.
/// </summary>
public sealed class MapOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Map";

    /// <summary><c>OpenStreetMap</c>, <c>Tianditu</c>, <c>Custom</c> (with <see cref="TileUrl"/>) or <c>None</c>.</summary>
    public string Provider { get; init; } = "OpenStreetMap";

    /// <summary>The Tianditu browser key (tk), required when <see cref="Provider"/> is Tianditu.</summary>
    public string? TiandituKey { get; init; }

    /// <summary>A Leaflet URL template (<c>{s}</c>, <c>{z}</c>, <c>{x}</c>, <c>{y}</c>) for the Custom provider.</summary>
    public string? TileUrl { get; init; }

    /// <summary>The attribution shown for the Custom provider.</summary>
    public string? Attribution { get; init; }

    /// <summary>The tile layers the page should load for these settings, base first.</summary>
    public MapConfigDto ToConfig() => Provider switch
    {
        "None" => new MapConfigDto("None", []),
        "Tianditu" => new MapConfigDto("Tianditu", [Tianditu("vec", TiandituKey!), Tianditu("cva", TiandituKey!)]),
        "Custom" => new MapConfigDto("Custom", [new TileLayerDto(TileUrl!, Attribution ?? "", "", 19)]),
        _ => new MapConfigDto("OpenStreetMap", [
            new TileLayerDto("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "© OpenStreetMap contributors", "", 19)]),
    };

    private static TileLayerDto Tianditu(string layer, string key) => new(
        $"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default"
        + $"&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={Uri.EscapeDataString(key)}",
        "© 天地图 Tianditu", "01234567", 18);
}

/// <summary>What <c>GET /api/map/config</c> returns: the provider and its tile layers, base first.</summary>
public sealed record MapConfigDto(string Provider, IReadOnlyList<TileLayerDto> Layers);

/// <summary>One Leaflet tile layer.</summary>
public sealed record TileLayerDto(string Url, string Attribution, string Subdomains, int MaxZoom);

/// <summary>Checks the <c>Map</c> section at start-up, so a missing key fails loudly instead of showing grey tiles.</summary>
public sealed class MapOptionsValidation : IValidateOptions<MapOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            "OpenStreetMap" or "None" => ValidateOptionsResult.Success,
            "Tianditu" when string.IsNullOrWhiteSpace(options.TiandituKey) => ValidateOptionsResult.Fail("Map:TiandituKey is required when Map:Provider is Tianditu."),
            "Tianditu" => ValidateOptionsResult.Success,
            "Custom" when !IsTemplate(options.TileUrl) => ValidateOptionsResult.Fail("Map:TileUrl must be an http(s) URL template with {z}, {x} and {y} when Map:Provider is Custom."),
            "Custom" => ValidateOptionsResult.Success,
            _ => ValidateOptionsResult.Fail($"Map:Provider '{options.Provider}' is not one of OpenStreetMap, Tianditu, Custom, None."),
        };
    }

    private static bool IsTemplate(string? url) =>
        url is not null
        && (url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal))
        && url.Contains("{z}", StringComparison.Ordinal) && url.Contains("{x}", StringComparison.Ordinal) && url.Contains("{y}", StringComparison.Ordinal);
}
