
namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// Filters for listing alerts. <see cref="VisibleCellIds"/> null means the caller may see every cell; otherwise the
/// caller also sees alerts escalated or handed to <see cref="Username"/>, and cell-less alerts of the sites they are
/// the responsible chief of.
/// </summary>
public sealed record AlertQuery(
    AlertState? State = null,
    string? SiteId = null,
    string? CellId = null,
    IReadOnlyCollection<string>? VisibleCellIds = null,
    long? SinceSequence = null,
    int Limit = 500,
    string? Username = null,
    IReadOnlyCollection<string>? ChiefOfSiteIds = null);
