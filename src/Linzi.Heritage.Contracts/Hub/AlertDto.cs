namespace Linzi.Heritage.Contracts.Hub;

/// <summary>An alert as the hub and the API send it. Property names serialise in camelCase.</summary>
/// <param name="Id">Alert id.</param>
/// <param name="RuleId">Rule that raised it.</param>
/// <param name="Severity"><c>blue</c>, <c>yellow</c>, <c>orange</c> or <c>red</c>.</param>
/// <param name="State"><c>open</c>, <c>acknowledged</c>, <c>escalated</c> or <c>resolved</c>.</param>
/// <param name="SiteId">Site of the device.</param>
/// <param name="DeviceId">Device whose reading raised it.</param>
/// <param name="CellId">Grid cell, or null outside the grid.</param>
/// <param name="Metric">Metric that met the rule.</param>
/// <param name="Value">Its value.</param>
/// <param name="RaisedAt">Time of the reading, RFC 3339 UTC.</param>
/// <param name="Message">Human-readable text.</param>
/// <param name="Sequence">Rises with every change to any alert; ask <c>GET /api/alerts?since=</c> for what you missed.</param>
/// <param name="UpdatedAt">Time of the last change.</param>
/// <param name="ZoneIds">Zones the reading happened in.</param>
/// <param name="Disposition">Set when resolved: handled, false_alarm or maintenance by a person; cleared by the system.</param>
/// <param name="Occurrences">How many times the rule matched while the alert was open (repeats are grouped, not raised anew).</param>
/// <param name="LastValue">The value of the latest match.</param>
/// <param name="LastAt">When the latest match was taken.</param>
/// <param name="Level">How far up the chain it has gone: 0 the grid inspector (or the site's chief), 3 the district chief.</param>
/// <param name="AssignedTo">Who must act now; null for the bureau.</param>
/// <param name="EscalatedTo">Everyone it was escalated or handed to, in order.</param>
/// <param name="AcknowledgedAt">When it was last acknowledged.</param>
/// <param name="Drill">True for a drill (演练).</param>
/// <param name="Incident">The reporting clock of a confirmed heritage case, or null.</param>
public sealed record AlertDto(
    string Id,
    string RuleId,
    string Severity,
    string State,
    string SiteId,
    string DeviceId,
    string? CellId,
    string Metric,
    double Value,
    DateTimeOffset RaisedAt,
    string Message,
    long Sequence,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> ZoneIds,
    string? Disposition,
    int Occurrences,
    double LastValue,
    DateTimeOffset LastAt,
    int Level,
    string? AssignedTo,
    IReadOnlyList<string> EscalatedTo,
    DateTimeOffset? AcknowledgedAt,
    bool Drill,
    IncidentDto? Incident);

/// <summary>The statutory reporting clock of a confirmed heritage case: first report within 2 h, formal report within 3 days.</summary>
public sealed record IncidentDto(
    DateTimeOffset ConfirmedAt,
    string ConfirmedBy,
    DateTimeOffset InitialReportDue,
    DateTimeOffset? InitialReportedAt,
    string? InitialReference,
    bool InitialOverdue,
    DateTimeOffset FormalReportDue,
    DateTimeOffset? FormalReportedAt,
    string? FormalReference,
    bool FormalOverdue);
