namespace Linzi.Heritage.Domain.Rules;

/// <summary>
/// The ids a rule may refer to, so a typo is refused instead of silently matching nothing. A null set is not
/// checked (rules read back from the store were checked when they were written).
/// </summary>
public sealed record RegistryNames(IReadOnlySet<string>? SiteIds, IReadOnlySet<string>? ZoneIds = null, IReadOnlySet<string>? CellIds = null)
{
    /// <summary>Checks nothing.</summary>
    public static readonly RegistryNames Unchecked = new(SiteIds: null);
}
