namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>
/// Debounced inside/outside state of one tracker against one rule's targets. A change of side is confirmed only
/// after the tracker has stayed on the new side for the debounce time. Not thread-safe.
/// </summary>
internal sealed class GeofenceTracker
{
    private bool? _pendingSide;
    private DateTimeOffset _pendingSince;

    /// <summary>The confirmed side: true inside, false outside, null before the first confirmation.</summary>
    public bool? Inside { get; private set; }

    /// <summary>True once the tracker has been confirmed inside.</summary>
    public bool WasInside { get; private set; }

    /// <summary>When the current confirmed stay inside began (the first fix of it).</summary>
    public DateTimeOffset InsideSince { get; private set; }

    /// <summary>Feeds one fix.</summary>
    public void Step(bool inside, DateTimeOffset at, TimeSpan debounce)
    {
        if (Inside == inside)
        {
            _pendingSide = null;
            return;
        }

        if (_pendingSide != inside)
        {
            _pendingSide = inside;
            _pendingSince = at;
        }

        if (at - _pendingSince >= debounce)
        {
            Inside = inside;
            _pendingSide = null;
            if (inside)
            {
                WasInside = true;
                InsideSince = _pendingSince;
            }
        }
    }
}
