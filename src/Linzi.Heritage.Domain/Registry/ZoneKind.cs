namespace Linzi.Heritage.Domain.Registry;

/// <summary>The statutory zone types around a protected site.</summary>
public enum ZoneKind
{
    /// <summary>保护范围: the protection zone itself.</summary>
    Protection,

    /// <summary>建设控制地带: the construction-control zone around it.</summary>
    ConstructionControl,
}

/// <summary>Wire names of <see cref="ZoneKind"/> (<c>protection</c>, <c>construction_control</c>).</summary>
public static class ZoneKindNames
{
    /// <summary>Returns the contract's name for a zone kind.</summary>
    public static string ToWire(this ZoneKind kind) => kind switch
    {
        ZoneKind.Protection => "protection",
        ZoneKind.ConstructionControl => "construction_control",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses the contract's name for a zone kind.</summary>
    public static bool TryParse(string? value, out ZoneKind kind)
    {
        switch (value)
        {
            case "protection":
                kind = ZoneKind.Protection;
                return true;
            case "construction_control":
                kind = ZoneKind.ConstructionControl;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
