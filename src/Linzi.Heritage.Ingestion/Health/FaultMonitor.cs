using System.Diagnostics.Metrics;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Ingestion.Edge;
using Linzi.Heritage.Ingestion.Hosting;
using Linzi.Heritage.Ingestion.Pipeline;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Ingestion.Health;

/// <summary>
/// Makes every fault that stops ingestion or a journal consumer visible within seconds, not only in the log: a full
/// data disk makes the journal refuse readings (devices keep them and resend, so nothing is lost), and a consumer
/// that keeps failing stops alerts or history. Each fault raises one system alert for the bureau, resolved when it
/// passes; <see cref="Collect"/> feeds readiness (Unhealthy with the reason) and the <c>heritage.faults.active</c> gauge.
/// Concurrency: one loop on the application's clock; <see cref="CheckOnceAsync"/> is the testable core.
/// </summary>
public sealed class FaultMonitor : PeriodicService
{
    /// <summary>System alerts of faults are this prefix and the part: <c>system-fault-journal</c>, <c>system-fault-rules</c>.</summary>
    public const string RulePrefix = "system-fault-";

    private readonly TelemetryIngestor _ingestor;
    private readonly IEnumerable<JournalConsumer> _consumers;
    private readonly RulePartitions _partitions;
    private readonly ISystemAlerts _alerts;
    private readonly ILogger<FaultMonitor> _logger;
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);

    /// <summary>Creates the monitor and its gauge.</summary>
    public FaultMonitor(
        TelemetryIngestor ingestor, IEnumerable<JournalConsumer> consumers, RulePartitions partitions, ISystemAlerts alerts, TimeProvider time,
        IMeterFactory meters, ILogger<FaultMonitor> logger)
        : base(time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _ingestor = ingestor;
        _consumers = consumers;
        _partitions = partitions;
        _alerts = alerts;
        _logger = logger;
        meters.Create(IngestionStats.MeterName)
            .CreateObservableGauge("heritage.faults.active", () => Collect().Count, "{fault}", "Faults stopping ingestion or a journal consumer");
    }

    /// <summary>The faults right now, by part (<c>journal</c>, or a consumer's name), with the reason.</summary>
    public IReadOnlyDictionary<string, string> Collect()
    {
        var faults = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_ingestor.JournalFailure is { } journal)
        {
            faults["journal"] = journal;
        }

        foreach (var consumer in _consumers)
        {
            if (consumer.Failure is { } failure)
            {
                faults[consumer.Name] = failure;
            }
        }

        foreach (var partition in _partitions.Consumers)
        {
            if (partition.Failure is { } failure)
            {
                faults[partition.Name] = failure;
            }
        }

        return faults;
    }

    /// <summary>Raises a system alert for each new fault and resolves those that passed.</summary>
    public async Task CheckOnceAsync()
    {
        var faults = Collect();
        foreach (var (part, reason) in faults)
        {
            if (!_raised.Contains(part))
            {
                _logger.FaultRaised(part, reason);
                await _alerts.RaiseSystemAsync(RulePrefix + part, Severity.Red, "fault", 1, $"{Describe(part)}停止：{reason}");
                _raised.Add(part);
            }
        }

        foreach (var part in _raised.Where(p => !faults.ContainsKey(p)).ToList())
        {
            _logger.FaultCleared(part);
            await _alerts.ResolveSystemAsync(RulePrefix + part, "the fault passed");
            _raised.Remove(part);
        }
    }

    /// <inheritdoc />
    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckOnceAsync();

    /// <inheritdoc />
    protected override void OnFailure(Exception exception) => _logger.FaultCheckFailed(exception);

    private static string Describe(string part) => part switch
    {
        "journal" => "接收日志写入（设备数据暂存于设备）",
        "rules" => "规则判断与告警",
        _ when part.StartsWith("rules:", StringComparison.Ordinal) => $"规则判断与告警（共享分区 {part[6..]}）",
        "timeseries" => "历史数据写入",
        _ => part,
    };
}
