using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// The escalation sweep: runs the heritage-chief escalation clock on a timer (<see cref="TimeProvider"/>). Every
/// <see cref="EscalationOptions.CheckInterval"/> it takes, in one ledger change, each step that is due: one level up
/// the chain for an alert whose acknowledge or resolve time ran out, a reminder at the top, and a missed statutory
/// report of a confirmed case to the top of the chain. Deadlines run from each alert's latest clock event in the
/// stored history, so nothing is lost across a restart. Single owner: one sweep runs at a time, on the instance holding
/// the <see cref="SingleOwnerWork.Escalation"/> lease.
/// </summary>
public sealed class EscalationMonitor(
    AlertLedger ledger, RegistryHolder registry, TimeProvider time, IOptions<EscalationOptions> options, LeaseKeeper leases,
    ILogger<EscalationMonitor> logger)
    : PeriodicService(time, leases, SingleOwnerWork.Escalation)
{
    private readonly EscalationTimeouts _timeouts = options.Value.ToTimeouts();

    /// <summary>Applies the steps due now; returns how many were taken.</summary>
    public async Task<int> CheckAsync()
    {
        var snapshot = registry.Current;
        var notices = await ledger.ChangeAsync(scope => Due(scope, alert => AlertRouting.Chain(alert, snapshot)));
        foreach (var notice in notices)
        {
            logger.AlertEscalated(notice.Alert.Id, notice.Kind, notice.To ?? "bureau");
        }

        return notices.Count;
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.EscalationCheckFailed(exception);

    private List<AlertNotice> Due(LedgerScope scope, Func<Alert, IReadOnlyList<string>> chainOf)
    {
        var notices = new List<AlertNotice>();
        foreach (var alert in scope.Active.Values.ToList())
        {
            if (scope.ClockStart(alert.Id) is not { } start ||
                Escalation.Due(alert, chainOf(alert), start, scope.Now, _timeouts) is not { } step)
            {
                continue;
            }

            AlertNotice notice;
            if (step.Kind == "escalated")
            {
                var result = AlertTransitions.Escalate(alert, step.To, step.Level, AlertEvent.SystemActor, null, scope.NextSequence(), scope.Now);
                notice = new AlertNotice("escalated", result.Alert!, step.To);
                scope.Write(new LedgerEntry(result.Alert!, [result.Event!], AlertPush.Updated, notice));
            }
            else
            {
                // A reminder changes nothing on the alert: it restarts the clock and calls the top of the chain again.
                notice = new AlertNotice("reminded", alert, step.To);
                scope.Write(new LedgerEntry(alert, [AlertTransitions.Remind(alert, step.To, scope.Now)], AlertPush.None, notice));
            }

            notices.Add(notice);
        }

        // Confirmed cases whose statutory report deadline passed go to the top of the chain and the bureau.
        foreach (var alert in scope.OpenIncidents())
        {
            if (alert.Incident!.NewlyOverdue(scope.Now) is { Count: > 0 } kinds)
            {
                var top = chainOf(alert) is { Count: > 0 } chain ? chain[^1] : null;
                var (overdue, overdueEvent) = AlertTransitions.ReportOverdue(alert, kinds, top ?? "bureau", scope.NextSequence(), scope.Now);
                var notice = new AlertNotice("overdue", overdue, top);
                scope.Write(new LedgerEntry(overdue, [overdueEvent], AlertPush.Updated, notice));
                notices.Add(notice);
            }
        }

        return notices;
    }
}
