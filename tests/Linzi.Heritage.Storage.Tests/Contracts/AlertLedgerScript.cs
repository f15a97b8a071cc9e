using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Geofencing;
using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>
/// Builds ledger entries the way the alert ledger does: through <see cref="AlertTransitions"/>, with a sequence
/// that rises with every change. Times are whole milliseconds in UTC, the precision every store keeps. Not
/// thread-safe; one per test.
/// </summary>
internal sealed class AlertLedgerScript
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private static readonly Rule VibrationRule =
        new("hp-vibration", "殉马坑振动", Severity.Red, RuleScope.Everything, new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25));

    private static readonly Zone Protection =
        new("hp-pz", "horse-pit", ZoneKind.Protection, "殉马坑保护范围", Wkt.Parse("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"));

    private long _sequence;

    /// <summary>The sequence the next change gets.</summary>
    public long Next => _sequence + 1;

    /// <summary>A new open alert at <paramref name="at"/> (its reading time too) for a device of a site, in a cell or outside the grid.</summary>
    public LedgerEntry Raise(
        string id, DateTimeOffset at, string siteId = "horse-pit", string? cellId = "c1", Severity severity = Severity.Red,
        bool drill = false, AlertPush push = AlertPush.Raised)
    {
        var cell = cellId is null ? null : new GridCell(cellId, cellId, Wkt.Parse("POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))"), "insp-" + cellId, "village", "township", "district");
        var device = new Device("dev-" + id, siteId, "vibration", ["ppv_mm_s"], 0.5, 0.5);
        var context = new ReadingContext(device, new Location(cell, [Protection]));
        var match = new RuleMatch(VibrationRule, "ppv_mm_s", 0.31) { Severity = severity, Drill = drill };
        var (alert, raised) = AlertTransitions.Raise(id, ++_sequence, match, context, at, at);
        return new LedgerEntry(alert, [raised], push, push == AlertPush.Raised ? new AlertNotice("raised", alert, alert.AssignedTo) : null);
    }

    /// <summary>An alert about the system itself (no cell, site <c>system</c>).</summary>
    public LedgerEntry RaiseSystem(string id, DateTimeOffset at)
    {
        var (alert, raised) = AlertTransitions.RaiseSystem(id, ++_sequence, "backlog", Severity.Orange, "backlog_s", 120, "ingestion backlog", at);
        return new LedgerEntry(alert, [raised], AlertPush.Raised);
    }

    public LedgerEntry Acknowledge(Alert alert, DateTimeOffset at, string actor = "insp-c1") =>
        Entry(AlertTransitions.Acknowledge(alert, actor, "on my way", ++_sequence, at), AlertPush.Updated);

    public LedgerEntry Escalate(Alert alert, string to, DateTimeOffset at) =>
        Entry(AlertTransitions.Escalate(alert, to, alert.Level + 1, AlertEvent.SystemActor, null, ++_sequence, at), AlertPush.Updated, new AlertNotice("escalated", alert, to));

    public LedgerEntry Resolve(Alert alert, DateTimeOffset at, string disposition = "handled") =>
        Entry(AlertTransitions.Resolve(alert, "insp-c1", disposition, "fixed", ++_sequence, at), AlertPush.Updated);

    public LedgerEntry ConfirmCase(Alert alert, DateTimeOffset at) =>
        Entry(AlertTransitions.ConfirmCase(alert, "bureau", ++_sequence, at), AlertPush.Updated);

    public LedgerEntry Report(Alert alert, string kind, DateTimeOffset at) =>
        Entry(AlertTransitions.RecordReport(alert, kind, "LZ-2026-" + kind, "bureau", ++_sequence, at), AlertPush.Updated);

    /// <summary>A reminder: the alert row unchanged, one event, a notice but no push.</summary>
    public static LedgerEntry Remind(Alert alert, string to, DateTimeOffset at) =>
        new(alert, [AlertTransitions.Remind(alert, to, at)], AlertPush.None, new AlertNotice("reminded", alert, to));

    /// <summary>A change the feed does not carry: a repeat, counted on the row only.</summary>
    public static LedgerEntry Repeat(Alert alert, DateTimeOffset readingTime) =>
        new(AlertTransitions.Repeat(alert, new RuleMatch(VibrationRule, "ppv_mm_s", 0.4), readingTime), [], AlertPush.None);

    /// <summary>An upgrade (a non-clock event) of an open alert.</summary>
    public LedgerEntry Upgrade(Alert alert, DateTimeOffset at)
    {
        var (next, upgraded) = AlertTransitions.Upgrade(alert, new RuleMatch(VibrationRule, "ppv_mm_s", 0.5) { Severity = Severity.Red }, at, ++_sequence, at);
        return new LedgerEntry(next, [upgraded], AlertPush.Updated);
    }

    /// <summary>Compares values whose lists are not structurally equal under record equality.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static LedgerEntry Entry(TransitionResult result, AlertPush push, AlertNotice? notice = null)
    {
        Assert.True(result.Succeeded, result.Error);
        return new LedgerEntry(result.Alert!, [.. result.Preceding, result.Event!], push, notice is null ? null : notice with { Alert = result.Alert! });
    }
}
