
namespace Linzi.Heritage.Domain.Works;

/// <summary>
/// Holds the current <see cref="WorksRegistry"/> (permits and maintenance windows) and counts what each suppressed.
/// Thread-safe: the registry is swapped whole; counts are interlocked. Counts since the last
/// <see cref="TakeCounts"/> are written by the rules pipeline once per batch.
/// </summary>
public sealed class WorksHolder
{
    private readonly Lock _gate = new();
    private volatile WorksRegistry _current = WorksRegistry.Empty;
    private Dictionary<string, (long Count, DateTimeOffset Last)> _pending = new(StringComparer.Ordinal);

    /// <summary>The registry in force.</summary>
    public WorksRegistry Current => _current;

    /// <summary>Applies a change atomically with respect to other changes.</summary>
    public WorksRegistry Update(Func<WorksRegistry, WorksRegistry> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            return _current = change(_current);
        }
    }

    /// <summary>Counts one suppressed alert against a permit or window.</summary>
    public void Count(Suppression suppression, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        lock (_gate)
        {
            var (count, last) = _pending.GetValueOrDefault(suppression.Id);
            _pending[suppression.Id] = (count + 1, at > last ? at : last);
        }
    }

    /// <summary>Takes the counts gathered since the last call.</summary>
    public IReadOnlyDictionary<string, (long Count, DateTimeOffset Last)> TakeCounts()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return new Dictionary<string, (long, DateTimeOffset)>();
            }

            var taken = _pending;
            _pending = new Dictionary<string, (long, DateTimeOffset)>(StringComparer.Ordinal);
            return taken;
        }
    }
}
