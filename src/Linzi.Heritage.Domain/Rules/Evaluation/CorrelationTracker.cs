using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>The latest time each signal of a correlation fired in one cell. Not thread-safe.</summary>
internal sealed class CorrelationTracker
{
    private readonly Dictionary<string, DateTimeOffset> _lastHit = new(StringComparer.Ordinal);

    /// <summary>Records a signal at a time.</summary>
    public void Hit(string signal, DateTimeOffset at)
    {
        if (!_lastHit.TryGetValue(signal, out var previous) || at > previous)
        {
            _lastHit[signal] = at;
        }
    }

    /// <summary>The signals that fired within the window either side of <paramref name="at"/>, ends included.</summary>
    public List<string> Within(CorrelationCondition condition, DateTimeOffset at)
    {
        var names = new List<string>();
        foreach (var signal in condition.Signals)
        {
            if (_lastHit.TryGetValue(signal.Name, out var hit) && (at - hit).Duration() <= condition.Window && !names.Contains(signal.Name))
            {
                names.Add(signal.Name);
            }
        }

        return names;
    }
}
