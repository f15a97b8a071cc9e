using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Alerts;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// Missed-patrol alerts through the <see cref="AlertLedger"/>: raised to the cell's inspector and escalated up the chain
/// like any reading's alert, a further missed period counted into the open one, cleared by the cell's next visit.
/// </summary>
public sealed class PatrolAlerts(AlertLedger ledger, ILogger<PatrolAlerts> logger) : IPatrolAlerts
{
    /// <inheritdoc />
    public async Task RaiseMissedAsync(GridCell cell, string? siteId, double hoursSinceVisit, string message, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var raised = await ledger.ChangeAsync(scope =>
        {
            if (scope.Active.TryGetValue((PatrolReport.MissedRuleId, AlertTransitions.PatrolSubject(cell.Id)), out var open))
            {
                scope.CountRepeat(open with { Occurrences = open.Occurrences + 1, LastValue = hoursSinceVisit, LastAt = deadline });
                return null;
            }

            var sequence = scope.NextSequence();
            var (alert, raisedEvent) = AlertTransitions.RaisePatrolMissed(
                RuleAlerts.AlertId(sequence), sequence, PatrolReport.MissedRuleId, cell, siteId, hoursSinceVisit, message, deadline, scope.Now);
            scope.Write(new LedgerEntry(alert, [raisedEvent], AlertPush.Raised, new AlertNotice("raised", alert, alert.AssignedTo)));
            return alert;
        });
        await ledger.FlushRepeatsAsync();
        if (raised is not null)
        {
            logger.AlertRaised(raised.Id, raised.RuleId, raised.Subject, raised.Severity.ToWire());
        }
    }

    /// <inheritdoc />
    public async Task<bool> ClearMissedAsync(string cellId, string note)
    {
        var subject = AlertTransitions.PatrolSubject(cellId);
        var cleared = await ledger.ChangeAsync(scope =>
        {
            if (!scope.Active.TryGetValue((PatrolReport.MissedRuleId, subject), out var open))
            {
                return null;
            }

            var result = AlertTransitions.Clear(open, note, scope.NextSequence(), scope.Now);
            scope.Write(new LedgerEntry(result.Alert!, [result.Event!], AlertPush.Updated));
            return result.Alert;
        });
        if (cleared is not null)
        {
            logger.AlertCleared(cleared.Id, cleared.RuleId, subject, note);
        }

        return cleared is not null;
    }
}
