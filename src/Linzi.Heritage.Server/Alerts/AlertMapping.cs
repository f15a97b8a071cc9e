using Linzi.Heritage.Contracts.Hub;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>Domain alert → wire DTO, used by the API and the hub alike.</summary>
public static class AlertMapping
{
    /// <summary>Maps an alert.</summary>
    public static AlertDto AsDto(this Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new AlertDto(
            alert.Id, alert.RuleId, alert.Severity.ToWire(), alert.State.ToWire(), alert.SiteId, alert.DeviceId, alert.CellId,
            alert.Metric, alert.Value, alert.RaisedAt.ToUniversalTime(), alert.Message, alert.Sequence, alert.UpdatedAt.ToUniversalTime(),
            alert.ZoneIds, alert.Disposition, alert.Occurrences, alert.LastValue, alert.LastAt.ToUniversalTime(),
            alert.Level, alert.AssignedTo, alert.EscalatedTo, alert.AcknowledgedAt?.ToUniversalTime(), alert.Drill,
            alert.Incident is { } i
                ? new IncidentDto(
                    i.ConfirmedAt.ToUniversalTime(), i.ConfirmedBy, i.InitialReportDue.ToUniversalTime(), i.InitialReportedAt?.ToUniversalTime(), i.InitialReference,
                    i.InitialOverdue, i.FormalReportDue.ToUniversalTime(), i.FormalReportedAt?.ToUniversalTime(), i.FormalReference, i.FormalOverdue)
                : null);
    }
}
