using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>
/// Moving average and windowed slope of one metric for one subject. Readings older than the newest one seen are
/// ignored, so a late reading cannot fake a steep change. Not thread-safe.
/// </summary>
internal sealed class RateTracker
{
    private readonly Queue<double> _raw = new();
    private readonly LinkedList<(DateTimeOffset At, double Smoothed)> _window = new();
    private double _rawSum;

    /// <summary>Adds a value and returns the rate in units per <see cref="RateOfChangeCondition.Per"/>, or null while too little history.</summary>
    public double? Add(RateOfChangeCondition condition, DateTimeOffset at, double value)
    {
        if (_window.Last is { } last && at <= last.Value.At)
        {
            return null;
        }

        _raw.Enqueue(value);
        _rawSum += value;
        while (_raw.Count > condition.AverageOver)
        {
            _rawSum -= _raw.Dequeue();
        }

        var smoothed = _rawSum / _raw.Count;
        _window.AddLast((at, smoothed));
        while (_window.First!.Value.At < at - condition.Window)
        {
            _window.RemoveFirst();
        }

        var (firstAt, firstValue) = _window.First.Value;
        var span = at - firstAt;
        if (span < condition.Window / 2 || span <= TimeSpan.Zero)
        {
            return null;
        }

        return (smoothed - firstValue) / span.TotalSeconds * condition.SecondsPerUnit;
    }
}
