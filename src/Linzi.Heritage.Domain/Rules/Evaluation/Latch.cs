using Linzi.Heritage.Domain.Rules.Conditions;

namespace Linzi.Heritage.Domain.Rules.Evaluation;

/// <summary>What one value did to a <see cref="Latch"/>.</summary>
internal enum LatchStep
{
    /// <summary>Nothing to report.</summary>
    None,

    /// <summary>Raised now, or still breaching while raised (a repeat).</summary>
    Breach,

    /// <summary>Passed back beyond the clear line.</summary>
    Clear,
}

/// <summary>
/// The raise/clear memory of a threshold on one subject: sustain before raising, hysteresis before clearing.
/// Not thread-safe; the evaluator owns it.
/// </summary>
internal sealed class Latch
{
    private bool _raised;
    private bool _fresh = true;
    private DateTimeOffset? _breachSince;
    private int _breachCount;

    /// <summary>Feeds one value taken at <paramref name="at"/>.</summary>
    public LatchStep Step(double value, DateTimeOffset at, ComparisonOp op, double limit, double? clearValue, Sustain? sustain)
    {
        var fresh = _fresh;
        _fresh = false;
        var breach = op.Holds(value, limit);
        var clearSide = clearValue is { } c ? PassedBeyond(op, value, c) : !breach;
        if (_raised)
        {
            if (clearSide)
            {
                Reset();
                return LatchStep.Clear;
            }

            return breach ? LatchStep.Breach : LatchStep.None;
        }

        if (!breach)
        {
            _breachSince = null;
            _breachCount = 0;

            // After a restart the memory is gone but an alert may still be open: a clearly clear value closes it.
            return fresh && clearSide ? LatchStep.Clear : LatchStep.None;
        }

        _breachSince ??= at;
        _breachCount++;
        if (sustain is not null &&
            ((sustain.For is { } duration && at - _breachSince.Value < duration) ||
             (sustain.Readings is { } count && _breachCount < count)))
        {
            return LatchStep.None;
        }

        _raised = true;
        return LatchStep.Breach;
    }

    /// <summary>True when the value lies strictly beyond the clear line, on the safe side of the limit.</summary>
    public static bool PassedBeyond(ComparisonOp op, double value, double clearValue) =>
        op is ComparisonOp.GreaterThan or ComparisonOp.GreaterOrEqual ? value < clearValue : value > clearValue;

    private void Reset()
    {
        _raised = false;
        _breachSince = null;
        _breachCount = 0;
    }
}
