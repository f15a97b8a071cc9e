using System.Globalization;
using Linzi.Heritage.Domain.Rules;
using System.Diagnostics.Metrics;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Ingestion.Backlog;

/// <summary>The journal's unwritten backlog: how many readings the slowest consumer lags, and the oldest one's age.</summary>
public sealed record BacklogState(long Readings, TimeSpan OldestAge, double Fill, bool Warning, bool Refusing);

/// <summary>
/// Watches the journal backlog against <see cref="BacklogOptions"/>. At <c>WarnAt</c> of either bound it raises a
/// system alert for the bureau; at the bound it closes the <see cref="IngestionGate"/> (never dropping anything) and
/// raises a red one; once the backlog falls below the warning level it reopens and resolves both.
/// Concurrency: one loop on a <see cref="PeriodicTimer"/>; <see cref="CheckOnceAsync"/> is the testable core.
/// </summary>
public sealed class BacklogMonitor(
    IReadingJournal journal,
    IEnumerable<JournalConsumer> consumers,
    IngestionGate gate,
    ISystemAlerts alerts,
    IOptions<BacklogOptions> options,
    TimeProvider time,
    IMeterFactory meters,
    ILogger<BacklogMonitor> logger) : PeriodicService(time)
{
    /// <summary>System alert raised at the warning level.</summary>
    public const string WarningRuleId = "system-backlog-warning";

    /// <summary>System alert raised when ingestion refuses readings.</summary>
    public const string RefusingRuleId = "system-backlog-refusing";

    /// <summary>The last measurement.</summary>
    public BacklogState Current { get; private set; } = new(0, TimeSpan.Zero, 0, false, false);

    /// <summary>Measures once and acts on the result.</summary>
    internal async Task<BacklogState> CheckOnceAsync()
    {
        var settings = options.Value;
        var slowest = consumers.Select(c => c.Position).DefaultIfEmpty(journal.LastPosition).Min();
        var readings = Math.Max(0, journal.LastPosition - slowest);
        var oldest = readings == 0 ? null : journal.ReceivedAt(slowest + 1);
        var age = oldest is { } at ? Time.GetUtcNow() - at : TimeSpan.Zero;
        var fill = Math.Max((double)readings / settings.MaxBacklogReadings, age / settings.MaxBacklogAge);
        var state = new BacklogState(readings, age, fill, fill >= settings.WarnAt, fill >= 1);
        var text = string.Create(CultureInfo.InvariantCulture, $"{readings} readings wait in the journal, the oldest {age.TotalMinutes:0} min old ({fill:P0} of the bound)");

        if (state.Warning)
        {
            await alerts.RaiseSystemAsync(WarningRuleId, Severity.Orange, "journal_backlog", readings, "存储写入积压：" + text);
        }

        if (state.Refusing && !gate.Refusing)
        {
            gate.Set(true);
            logger.BacklogRefusing(text);
            await alerts.RaiseSystemAsync(RefusingRuleId, Severity.Red, "journal_backlog", readings, "积压已达上限，设备暂存数据：" + text);
        }

        if (!state.Warning)
        {
            if (gate.Refusing)
            {
                gate.Set(false);
                logger.BacklogCleared(text);
            }

            await alerts.ResolveSystemAsync(RefusingRuleId, "backlog back under its bound");
            await alerts.ResolveSystemAsync(WarningRuleId, "backlog back under the warning level");
        }

        Current = state with { Refusing = gate.Refusing };
        return Current;
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => options.Value.CheckInterval;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Same meter as the ingestion counters (IMeterFactory caches it by name).
        var meter = meters.Create(IngestionStats.MeterName);
        meter.CreateObservableGauge("heritage.journal.backlog", () => Current.Readings, "{reading}", "Readings waiting for the slowest journal consumer");
        meter.CreateObservableGauge("heritage.journal.backlog_age", () => Current.OldestAge.TotalSeconds, "s", "Age of the oldest waiting reading");
        meter.CreateObservableGauge("heritage.ingestion.refusing", () => Current.Refusing ? 1 : 0, "{state}", "1 while readings are refused at the backlog bound");
        return base.ExecuteAsync(stoppingToken);
    }

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckOnceAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => logger.BacklogCheckFailed(exception);
}
