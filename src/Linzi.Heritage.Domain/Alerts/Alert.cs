using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>
/// An alert raised by a rule for one device. Immutable: every transition returns a new value.
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="Sequence">Rises with every change to any alert, so clients can ask for what they missed.</param>
/// <param name="RuleId">The rule that raised it.</param>
/// <param name="Severity">The rule's colour at the time.</param>
/// <param name="State">Current lifecycle state.</param>
/// <param name="SiteId">The device's site.</param>
/// <param name="DeviceId">The device whose reading met the rule.</param>
/// <param name="CellId">The grid cell the reading happened in, which routes the alert; null outside the grid.</param>
/// <param name="ZoneIds">Zones the reading happened in.</param>
/// <param name="Metric">The metric that met the condition.</param>
/// <param name="Value">Its value.</param>
/// <param name="RaisedAt">When the reading was taken.</param>
/// <param name="UpdatedAt">Time of the last transition.</param>
/// <param name="Message">Human-readable text.</param>
/// <param name="Disposition">Set when resolved.</param>
public sealed record Alert(
    string Id,
    long Sequence,
    string RuleId,
    Severity Severity,
    AlertState State,
    string SiteId,
    string DeviceId,
    string? CellId,
    IReadOnlyList<string> ZoneIds,
    string Metric,
    double Value,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    string Message,
    string? Disposition = null)
{
    /// <summary>True until resolved.</summary>
    public bool IsActive => State != AlertState.Resolved;

    /// <summary>What the alert is about: the device, or <c>cell:&lt;id&gt;</c> for a correlation. One active alert per rule and subject.</summary>
    public string Subject { get; init; } = DeviceId;

    /// <summary>How many times the rule has matched while this alert was open (flood control groups repeats here).</summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>The value of the latest match.</summary>
    public double LastValue { get; init; } = Value;

    /// <summary>When the latest match was taken.</summary>
    public DateTimeOffset LastAt { get; init; } = RaisedAt;

    /// <summary>How far up the chain it has gone: 0 the grid inspector (or the site's chief), 1 the village chief, and so on.</summary>
    public int Level { get; init; }

    /// <summary>The person who must act now: the inspector at first, the chief it was escalated to later; null for the bureau.</summary>
    public string? AssignedTo { get; init; }

    /// <summary>Everyone it has been escalated or handed to, in order; they may see and act on it.</summary>
    public IReadOnlyList<string> EscalatedTo { get; init; } = [];

    /// <summary>When it was last acknowledged (the resolve timer runs from here).</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>True for a drill (演练): the same chain and timers, kept out of real statistics.</summary>
    public bool Drill { get; init; }

    /// <summary>The reporting clock of a confirmed heritage case; null otherwise.</summary>
    public IncidentClock? Incident { get; init; }
}
