using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Server.Tests.Alerts;

/// <summary>An <see cref="IAlertChartCopy"/> that records each write, and fails the next one when told to (InfluxDB away). Not thread-safe.</summary>
internal sealed class RecordingChartCopy : IAlertChartCopy
{
    private bool _failNext;

    /// <summary>Every write attempted, failed ones included, as (alert id, sequence).</summary>
    public List<(string Id, long Sequence)[]> Writes { get; } = [];

    public void FailNextWrite() => _failNext = true;

    public Task WriteAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        Writes.Add([.. alerts.Select(a => (a.Id, a.Sequence))]);
        if (_failNext)
        {
            _failNext = false;
            throw new HttpRequestException("InfluxDB unavailable (test)");
        }

        return Task.CompletedTask;
    }
}
