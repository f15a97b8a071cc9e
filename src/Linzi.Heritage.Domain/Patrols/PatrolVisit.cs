namespace Linzi.Heritage.Domain.Patrols;

/// <summary>
/// A stay inside one grid cell long enough to count as a visit (一到: being there): from the first to the last
/// accepted position inside the cell, with no gap longer than <see cref="PatrolLimits.MaxGap"/> between them.
/// </summary>
/// <param name="CellId">The grid cell.</param>
/// <param name="SiteId">The site whose zone the inspector arrived in; null outside every zone.</param>
/// <param name="ArrivedAt">The first position inside the cell.</param>
/// <param name="LeftAt">The last position inside the cell (so far, while the stay goes on).</param>
public sealed record PatrolVisit(string CellId, string? SiteId, DateTimeOffset ArrivedAt, DateTimeOffset LeftAt)
{
    /// <summary>Seconds between arrival and the last position inside the cell.</summary>
    public long DwellSeconds => (long)(LeftAt - ArrivedAt).TotalSeconds;
}
