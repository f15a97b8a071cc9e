using System.Globalization;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Pipeline;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Alerts;

/// <summary>
/// Alerts raised by rules and by the system's own monitors: raises, counts repeats into the open alert (upgrading
/// its severity when a match is more severe), clears once a condition passes back, and applies flood control.
/// Every write goes through the <see cref="AlertLedger"/>. Thread-safe (the ledger serialises; flood control is
/// only touched inside a ledger change).
/// </summary>
public sealed class RuleAlerts(AlertLedger ledger, IOptions<RuleOptions> options, ILogger<RuleAlerts> logger) : IRuleAlerts, ISystemAlerts
{
    private readonly FloodControl _flood = new(options.Value);
    private long _limited;

    /// <summary>New alerts flood control has refused since start.</summary>
    public long Limited => Interlocked.Read(ref _limited);

    /// <inheritdoc />
    public async Task<RaiseOutcome> RaiseAsync(RuleMatch match, ReadingContext context, DateTimeOffset readingTime)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(context);
        var logs = new List<Action>();
        var outcome = await ledger.ChangeAsync(Attempts(logs, scope => Raise(scope, match, context, readingTime, logs)));
        logs.ForEach(log => log());
        return outcome;
    }

    /// <inheritdoc />
    public async Task<Alert?> ClearAsync(string ruleId, string subject, string note)
    {
        var logs = new List<Action>();
        var cleared = await ledger.ChangeAsync(Attempts(logs, scope => Clear(scope, ruleId, subject, note, logs)));
        logs.ForEach(log => log());
        return cleared;
    }

    /// <inheritdoc />
    public async Task ApplyAsync(IReadOnlyList<AlertOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            return;
        }

        // One change for the whole batch: the scope shows each transition to the next, so a raise followed by more
        // matches of the same rule and subject is one alert, and everything commits with one fsync.
        var logs = new List<Action>();
        await ledger.ChangeAsync(Attempts(logs, scope =>
        {
            foreach (var operation in operations)
            {
                switch (operation)
                {
                    case RaiseAlert raise:
                        Raise(scope, raise.Match, raise.Context, raise.ReadingTime, logs);
                        break;
                    case ClearAlert clear:
                        Clear(scope, clear.RuleId, clear.Subject, clear.Note, logs);
                        break;
                    default:
                        throw new ArgumentException($"unknown alert operation {operation.GetType().Name}", nameof(operations));
                }
            }

            return operations.Count;
        }));
        logs.ForEach(log => log()); // Only what was committed is logged.
    }

    // The ledger decides a change again when another instance committed first: each new attempt takes back what the
    // last one admitted under flood control and would have logged. (A change that fails for good keeps its flood
    // admissions: the limits then err on the side of fewer alerts for an hour, and its batch is retried anyway.)
    private Func<LedgerScope, T> Attempts<T>(List<Action> logs, Func<LedgerScope, T> decide)
    {
        var first = true;
        return scope =>
        {
            if (!first)
            {
                _flood.Rollback();
            }

            first = false;
            _flood.Begin();
            logs.Clear();
            return decide(scope);
        };
    }

    // Inside a ledger change; what to log once it is committed goes into logs.
    private RaiseOutcome Raise(LedgerScope scope, RuleMatch match, ReadingContext context, DateTimeOffset readingTime, List<Action> logs)
    {
        var subject = match.Subject ?? context.Device.Id;
        if (scope.Active.TryGetValue((match.Rule.Id, subject), out var current))
        {
            if (match.Severity <= current.Severity)
            {
                scope.CountRepeat(AlertTransitions.Repeat(current, match, readingTime));
                return RaiseOutcome.Repeated;
            }

            var (upgraded, upgradedEvent) = AlertTransitions.Upgrade(current, match, readingTime, scope.NextSequence(), scope.Now);
            scope.Write(new LedgerEntry(upgraded, [upgradedEvent], AlertPush.Updated));
            logs.Add(() => logger.AlertUpgraded(upgraded.Id, upgraded.RuleId, upgraded.Subject, upgraded.Severity.ToWire()));
            return RaiseOutcome.Upgraded;
        }

        if (_flood.TryAdmit(match.Rule.Id, context.Device.Id, scope.Now) is { } limit)
        {
            Interlocked.Increment(ref _limited);
            if (_flood.ShouldWarn(match.Rule.Id, subject, scope.Now))
            {
                logger.AlertLimited(match.Rule.Id, subject, limit);
            }

            return RaiseOutcome.Limited;
        }

        var sequence = scope.NextSequence();
        var (raised, raisedEvent) = AlertTransitions.Raise(AlertId(sequence), sequence, match, context, readingTime, scope.Now);
        scope.Write(new LedgerEntry(raised, [raisedEvent], AlertPush.Raised, new AlertNotice("raised", raised, raised.AssignedTo)));
        logs.Add(() => logger.AlertRaised(raised.Id, raised.RuleId, raised.DeviceId, raised.Severity.ToWire()));
        return RaiseOutcome.Raised;
    }

    // Inside a ledger change; what to log once it is committed goes into logs.
    private Alert? Clear(LedgerScope scope, string ruleId, string subject, string note, List<Action> logs)
    {
        if (!scope.Active.TryGetValue((ruleId, subject), out var current))
        {
            return null;
        }

        var result = AlertTransitions.Clear(current, note, scope.NextSequence(), scope.Now);
        scope.Write(new LedgerEntry(result.Alert!, [result.Event!], AlertPush.Updated));
        var cleared = result.Alert!;
        logs.Add(() => logger.AlertCleared(cleared.Id, ruleId, subject, note));
        return cleared;
    }

    /// <inheritdoc />
    public Task FlushRepeatsAsync() => ledger.FlushRepeatsAsync();

    /// <inheritdoc />
    public async Task<Alert?> RaiseSystemAsync(string ruleId, Severity severity, string metric, double value, string message)
    {
        var alert = await ledger.ChangeAsync(scope =>
        {
            if (scope.Active.ContainsKey((ruleId, AlertTransitions.SystemDeviceId)))
            {
                return null;
            }

            var sequence = scope.NextSequence();
            var (raised, raisedEvent) = AlertTransitions.RaiseSystem(AlertId(sequence), sequence, ruleId, severity, metric, value, message, scope.Now);
            scope.Write(new LedgerEntry(raised, [raisedEvent], AlertPush.Raised)); // For the bureau's feed; nobody is paged.
            return raised;
        });

        if (alert is not null)
        {
            logger.AlertRaised(alert.Id, alert.RuleId, alert.DeviceId, alert.Severity.ToWire());
        }

        return alert;
    }

    /// <inheritdoc />
    public Task ResolveSystemAsync(string ruleId, string note) => ledger.ChangeAsync(scope =>
    {
        if (!scope.Active.TryGetValue((ruleId, AlertTransitions.SystemDeviceId), out var active))
        {
            return false;
        }

        var result = AlertTransitions.Resolve(active, AlertEvent.SystemActor, "handled", note, scope.NextSequence(), scope.Now);
        if (result.Succeeded)
        {
            scope.Write(new LedgerEntry(result.Alert!, [result.Event!], AlertPush.Updated));
        }

        return result.Succeeded;
    });

    internal static string AlertId(long sequence) => "A" + sequence.ToString("D6", CultureInfo.InvariantCulture);
}
