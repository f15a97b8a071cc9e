using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Patrols;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Server.Alerts;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Patrols;

/// <summary>
/// Time-to-arrive: when an inspector on patrol reaches an alert they may act on and that has been acknowledged
/// (<see cref="Arrival"/>), appends an <c>arrived</c> event to its hash-chained history, once per alert, even with several instances. The response
/// statistics measure from raised to that event.
/// </summary>
public sealed class PatrolArrivals(IAlertStore alerts, AlertActions actions, RegistryHolder registry, IOptions<PatrolOptions> options, ILogger<PatrolArrivals> logger)
{
    /// <summary>Records the arrivals these accepted positions make; returns the ids of the alerts reached.</summary>
    public async Task<IReadOnlyList<string>> RecordAsync(string inspector, IReadOnlyList<PatrolPosition> accepted)
    {
        if (accepted.Count == 0)
        {
            return [];
        }

        var snapshot = registry.Current;
        var reached = new List<string>();
        var candidates = alerts.Active().Where(a => a.State == AlertState.Acknowledged && AlertRouting.People(a, snapshot).Contains(inspector));
        foreach (var alert in candidates)
        {
            if (Arrival.Reached(alert, snapshot, accepted, options.Value.ArrivalRadiusM) is not { } position
                || alerts.Events(alert.Id).Any(e => e.Type == AlertEvent.Arrived))
            {
                continue;
            }

            // No coordinates: the alert's history is kept for good and read more widely than patrol positions are.
            var note = string.Create(CultureInfo.InvariantCulture, $"到达现场 on site at {position.Ts:O}");
            // Decided again inside the ledger's change: another instance may have recorded it since the look above.
            if (await actions.RecordOnceAsync(alert.Id, inspector, AlertEvent.Arrived, note))
            {
                logger.PatrolArrived(inspector, alert.Id);
                reached.Add(alert.Id);
            }
        }

        return reached;
    }
}
