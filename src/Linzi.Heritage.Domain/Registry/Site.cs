namespace Linzi.Heritage.Domain.Registry;

/// <summary>A protected heritage site. Immutable and thread-safe.</summary>
/// <param name="Id">Stable identifier used in MQTT topics, such as <c>horse-pit</c>.</param>
/// <param name="NameZh">Chinese name, such as 东周殉马坑.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Level">Protection level.</param>
/// <param name="Materials">What the site is made of (bone, metal, earth…), which drives climate limits.</param>
/// <param name="CentroidLat">WGS84 latitude of a representative point, in degrees; null until given or until zones exist.</param>
/// <param name="CentroidLon">WGS84 longitude of a representative point, in degrees; null until given or until zones exist.</param>
/// <param name="ResponsibleChief">Username of the chief who answers for zones outside any grid cell.</param>
/// <param name="Kind">Its category of heritage, which decides what a patrol checks there.</param>
/// <param name="Staffed">True when people guard it on site (a display hall, a museum); unstaffed sites of provincial level and above are patrolled daily.</param>
/// <param name="Stewards">The people named for it (专人负责、专人监管、专人巡查); null when none are.</param>
public sealed record Site(
    string Id,
    string NameZh,
    string NameEn,
    ProtectionLevel Level,
    IReadOnlyList<string> Materials,
    double? CentroidLat,
    double? CentroidLon,
    string? ResponsibleChief = null,
    SiteKind Kind = SiteKind.Ruins,
    bool Staffed = false,
    SiteStewards? Stewards = null);
