using System.Globalization;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;

namespace Linzi.Heritage.Domain.Alerts;

/// <summary>The outcome of an attempted transition: the new alert and its event, or why it is not allowed.</summary>
public sealed record TransitionResult(Alert? Alert, AlertEvent? Event, string? Error)
{
    /// <summary>True when the transition is allowed.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Events that happened in the same step before <see cref="Event"/> (resolved, then case_confirmed).</summary>
    public IReadOnlyList<AlertEvent> Preceding { get; init; } = [];

    internal static TransitionResult Fail(string error) => new(null, null, error);
}

/// <summary>
/// The alert state machine: open → acknowledged → resolved, with escalated beside open and acknowledged.
/// Pure functions; the caller persists the result and assigns the sequence number.
/// </summary>
public static class AlertTransitions
{
    /// <summary>Creates a new open alert for a rule match.</summary>
    public static (Alert Alert, AlertEvent Event) Raise(
        string id, long sequence, RuleMatch match, ReadingContext context, DateTimeOffset readingTime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(context);
        var rule = match.Rule;
        var message = match.Message ?? rule.Message ?? string.Create(
            CultureInfo.InvariantCulture, $"{rule.Name}: {match.Metric} = {match.Value:0.###} ({context.Device.Id})");
        if (match.DuringMaintenance is { } window)
        {
            message = $"【检修期间 during maintenance {window}】{message}";
        }

        var alert = new Alert(
            id, sequence, rule.Id, match.Severity, AlertState.Open, context.Device.SiteId, context.Device.Id, context.CellId,
            [.. context.Location.Zones.Select(z => z.Id)], match.Metric, match.Value, readingTime, now, message)
        {
            Subject = match.Subject ?? context.Device.Id,
            // The first of AlertRouting.Chain: the cell's inspector; for a cell nobody inspects (a gap, inspector "")
            // or no cell, the site's responsible chief, else the gap cell's first chief.
            AssignedTo = context.Location.Cell is { IsGap: false } cell
                ? cell.Inspector
                : context.Site?.ResponsibleChief is { Length: > 0 } chief ? chief : context.Location.Cell?.Chain is [var first, ..] ? first : null,
            Drill = match.Drill,
        };
        return (alert, new AlertEvent(id, "raised", AlertEvent.SystemActor, now, message));
    }

    /// <summary>The device id of missed-patrol alerts: the duty is the inspector's, not a sensor's.</summary>
    public const string PatrolDeviceId = "patrol";

    /// <summary>The site id of a missed-patrol alert for a cell that lies in no site's zone.</summary>
    public const string GridSiteId = "grid";

    /// <summary>The subject of a cell's missed-patrol alert: one open per cell.</summary>
    public static string PatrolSubject(string cellId) => "patrol:" + cellId;

    /// <summary>
    /// Creates the open alert of a missed patrol duty, routed like a reading in the cell: to its inspector first (the
    /// first chief for a cell nobody inspects), escalating up the chain.
    /// </summary>
    public static (Alert Alert, AlertEvent Event) RaisePatrolMissed(
        string id, long sequence, string ruleId, GridCell cell, string? siteId, double hoursSinceVisit, string message, DateTimeOffset deadline, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var alert = new Alert(
            id, sequence, ruleId, Severity.Yellow, AlertState.Open, siteId ?? GridSiteId, PatrolDeviceId, cell.Id, [], "patrol",
            hoursSinceVisit, deadline, now, message)
        {
            Subject = PatrolSubject(cell.Id),
            AssignedTo = cell.Chain is [var first, ..] ? first : null,
        };
        return (alert, new AlertEvent(id, "raised", AlertEvent.SystemActor, now, message));
    }

    /// <summary>The site id of alerts about the system itself (ingestion backlog, stores).</summary>
    public const string SystemSiteId = "system";

    /// <summary>The device id of alerts about the system itself.</summary>
    public const string SystemDeviceId = "server";

    /// <summary>
    /// Creates an open alert about the system itself. It has no cell, so it goes to the bureau (and maintenance),
    /// who run the installation.
    /// </summary>
    public static (Alert Alert, AlertEvent Event) RaiseSystem(
        string id, long sequence, string ruleId, Severity severity, string metric, double value, string message, DateTimeOffset now)
    {
        var alert = new Alert(id, sequence, ruleId, severity, AlertState.Open, SystemSiteId, SystemDeviceId, null, [], metric, value, now, now, message);
        return (alert, new AlertEvent(id, "raised", AlertEvent.SystemActor, now, message));
    }

    /// <summary>Acknowledges an open or escalated alert.</summary>
    public static TransitionResult Acknowledge(Alert alert, string actor, string? note, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.State is not (AlertState.Open or AlertState.Escalated))
        {
            return TransitionResult.Fail($"An alert that is {alert.State.ToWire()} cannot be acknowledged.");
        }

        var next = alert with { State = AlertState.Acknowledged, Sequence = sequence, UpdatedAt = now, AcknowledgedAt = now };
        return new TransitionResult(next, new AlertEvent(alert.Id, "acknowledged", actor, now, note), null);
    }

    /// <summary>Resolves an active alert with one of <see cref="AlertNames.Dispositions"/>.</summary>
    public static TransitionResult Resolve(
        Alert alert, string actor, string disposition, string? note, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!AlertNames.Dispositions.Contains(disposition))
        {
            return TransitionResult.Fail($"Disposition must be one of: {string.Join(", ", AlertNames.Dispositions)}.");
        }

        if (alert.State == AlertState.Resolved)
        {
            return TransitionResult.Fail("The alert is already resolved.");
        }

        var next = alert with { State = AlertState.Resolved, Sequence = sequence, UpdatedAt = now, Disposition = disposition };
        return new TransitionResult(next, new AlertEvent(alert.Id, "resolved", actor, now, note, disposition), null);
    }

    /// <summary>A repeat of an open alert's condition: counted, with the latest value, but no new alert and no event.</summary>
    public static Alert Repeat(Alert alert, RuleMatch match, DateTimeOffset readingTime)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(match);
        // Readings of one device can reach the ledger out of time order when several instances share the stream:
        // the latest match is the latest by reading time, whichever arrived last.
        return readingTime < alert.LastAt
            ? alert with { Occurrences = alert.Occurrences + 1 }
            : alert with { Occurrences = alert.Occurrences + 1, LastValue = match.Value, LastAt = readingTime };
    }

    /// <summary>Raises an open alert's severity (a "verify" alert confirmed by a second modality, a silence turned suspicious).</summary>
    public static (Alert Alert, AlertEvent Event) Upgrade(Alert alert, RuleMatch match, DateTimeOffset readingTime, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(match);
        var message = match.Message ?? alert.Message;
        var next = Repeat(alert, match, readingTime) with
        {
            Severity = match.Severity, Value = match.Value, Message = message, Sequence = sequence, UpdatedAt = now,
        };
        return (next, new AlertEvent(alert.Id, "upgraded", AlertEvent.SystemActor, now, $"{alert.Severity.ToWire()} → {match.Severity.ToWire()}: {message}"));
    }

    /// <summary>The disposition of an alert the system resolved because its condition passed back.</summary>
    public const string ClearedDisposition = "cleared";

    /// <summary>Resolves an active alert whose condition has passed back (the value fell, the tracker left).</summary>
    public static TransitionResult Clear(Alert alert, string note, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!alert.IsActive)
        {
            return TransitionResult.Fail("The alert is already resolved.");
        }

        var next = alert with { State = AlertState.Resolved, Sequence = sequence, UpdatedAt = now, Disposition = ClearedDisposition };
        return new TransitionResult(next, new AlertEvent(alert.Id, "cleared", AlertEvent.SystemActor, now, note, ClearedDisposition), null);
    }

    /// <summary>
    /// Marks a resolved red alert as a confirmed heritage case and starts its reporting clock. Only a red alert,
    /// resolved as <c>handled</c>, at a national or provincial site (the caller checks the level) qualifies.
    /// </summary>
    public static TransitionResult ConfirmCase(Alert alert, string actor, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.State != AlertState.Resolved || alert.Disposition != "handled" || alert.Severity != Severity.Red)
        {
            return TransitionResult.Fail("Only a red alert resolved as handled can be a confirmed case.");
        }

        if (alert.Incident is not null)
        {
            return TransitionResult.Fail("The case is already confirmed.");
        }

        var clock = new IncidentClock(now, actor);
        var next = alert with { Incident = clock, Sequence = sequence, UpdatedAt = now };
        return new TransitionResult(next, new AlertEvent(
            alert.Id, "case_confirmed", actor, now,
            $"confirmed heritage case: first report due {clock.InitialReportDue:yyyy-MM-dd HH:mm}Z, formal report due {clock.FormalReportDue:yyyy-MM-dd HH:mm}Z"), null);
    }

    /// <summary>Records a statutory report (<c>initial</c> or <c>formal</c>) of a confirmed case.</summary>
    public static TransitionResult RecordReport(Alert alert, string kind, string reference, string actor, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Incident is not { } clock)
        {
            return TransitionResult.Fail("The alert is not a confirmed case.");
        }

        IncidentClock? updated = kind switch
        {
            "initial" when clock.InitialReportedAt is null => clock with { InitialReportedAt = now, InitialReference = reference },
            "formal" when clock.FormalReportedAt is null => clock with { FormalReportedAt = now, FormalReference = reference },
            _ => null,
        };
        if (updated is null)
        {
            return TransitionResult.Fail(kind is "initial" or "formal" ? $"The {kind} report is already recorded." : "Kind must be initial or formal.");
        }

        return new TransitionResult(
            alert with { Incident = updated, Sequence = sequence, UpdatedAt = now },
            new AlertEvent(alert.Id, "reported", actor, now, $"{kind} report {reference}"),
            null);
    }

    /// <summary>Marks missed report deadlines as escalated to <paramref name="to"/> (the district chief).</summary>
    public static (Alert Alert, AlertEvent Event) ReportOverdue(Alert alert, IReadOnlyList<string> kinds, string to, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(kinds);
        var clock = alert.Incident!;
        clock = clock with { InitialOverdue = clock.InitialOverdue || kinds.Contains("initial"), FormalOverdue = clock.FormalOverdue || kinds.Contains("formal") };
        return (alert with { Incident = clock, Sequence = sequence, UpdatedAt = now },
                new AlertEvent(alert.Id, "overdue", AlertEvent.SystemActor, now, $"{string.Join(" and ", kinds)} report overdue") { To = to });
    }

    /// <summary>
    /// Moves an active alert to <paramref name="to"/>: one level up the chain when its clock ran out, or a hand-over
    /// by a person (<paramref name="actor"/>). It must be acknowledged again by whoever has it now.
    /// </summary>
    public static TransitionResult Escalate(Alert alert, string to, int level, string actor, string? note, long sequence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!alert.IsActive)
        {
            return TransitionResult.Fail("A resolved alert cannot be escalated.");
        }

        var next = alert with
        {
            State = AlertState.Escalated, Sequence = sequence, UpdatedAt = now, Level = level, AssignedTo = to,
            EscalatedTo = alert.EscalatedTo.Contains(to) ? alert.EscalatedTo : [.. alert.EscalatedTo, to],
        };
        return new TransitionResult(next, new AlertEvent(alert.Id, "escalated", actor, now, note ?? $"escalated to {to}") { To = to }, null);
    }

    /// <summary>A reminder to the top of the chain: the alert is unchanged, the event restarts the clock.</summary>
    public static AlertEvent Remind(Alert alert, string to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new AlertEvent(alert.Id, "reminded", AlertEvent.SystemActor, now, $"reminder to {to}: still not {(alert.State == AlertState.Acknowledged ? "resolved" : "acknowledged")}") { To = to };
    }
}
