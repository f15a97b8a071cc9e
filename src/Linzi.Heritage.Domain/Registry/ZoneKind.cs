using Linzi.Heritage.Domain.Wire;

namespace Linzi.Heritage.Domain.Registry;

/// <summary>The statutory zone types around a protected site.</summary>
public enum ZoneKind
{
    /// <summary>保护范围: the protection zone itself.</summary>
    [WireName("protection")]
    Protection,

    /// <summary>建设控制地带: the construction-control zone around it.</summary>
    [WireName("construction_control")]
    ConstructionControl,
}

/// <summary>Wire names of <see cref="ZoneKind"/>; forwards to <see cref="WireName"/>, kept for its many callers.</summary>
public static class ZoneKindNames
{
    /// <summary>Returns the contract's name for a zone kind.</summary>
    public static string ToWire(this ZoneKind kind) => WireName.Of(kind);

    /// <summary>Parses the contract's name for a zone kind.</summary>
    public static bool TryParse(string? value, out ZoneKind kind) => WireName.TryParse(value, out kind);
}
