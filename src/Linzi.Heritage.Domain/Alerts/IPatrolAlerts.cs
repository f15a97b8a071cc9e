using Linzi.Heritage.Domain.Registry;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>Port: what the patrol duty monitor asks of alerting. Thread-safe.</summary>
public interface IPatrolAlerts
{
    /// <summary>
    /// Raises the missed-patrol alert of a cell (rule <c>patrol-missed</c>, subject <c>patrol:&lt;cellId&gt;</c>) to the
    /// cell's chain, or counts a further missed period into the one open.
    /// </summary>
    Task RaiseMissedAsync(GridCell cell, string? siteId, double hoursSinceVisit, string message, DateTimeOffset deadline);

    /// <summary>Resolves the cell's open missed-patrol alert as <c>cleared</c>, if any; false when none was open.</summary>
    Task<bool> ClearMissedAsync(string cellId, string note);
}
