using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class ThresholdRuleTests
{
    /// <summary>Feeds values one second apart and returns each verdict: raise, clear or "-".</summary>
    private static string Verdicts(ThresholdCondition condition, params double[] values)
    {
        var eval = new Eval();
        var rule = RuleOf(condition);
        return string.Join(" ", values.Select((v, i) => eval.Feed(At(i, "ppv_mm_s", v), Fixed(), [rule]) is { Length: > 0 } s ? s : "-"));
    }

    [Theory]
    // A fresh memory on the clear side reports "clear" (an alert left open before a restart closes; none open is a no-op).
    // Plain threshold: exactly at the limit does not raise for >, does for >=; it clears as soon as it no longer holds.
    [InlineData(">", 0.25, null, new[] { 0.25, 0.26, 0.3, 0.25 }, "clear raise raise clear")]
    [InlineData(">=", 0.25, null, new[] { 0.24, 0.25, 0.24 }, "clear raise clear")]
    [InlineData("<", 40.0, null, new[] { 40.0, 39.9, 40.0 }, "clear raise clear")]
    // Hysteresis: inside the band holds (no repeat, no clear); exactly at clearValue holds; strictly beyond clears.
    [InlineData(">", 0.25, 0.2, new[] { 0.26, 0.22, 0.2, 0.19, 0.22, 0.26 }, "raise - - clear - raise")]
    [InlineData("<=", 45.0, 50.0, new[] { 45.0, 48.0, 50.0, 50.1, 44.0 }, "raise - - clear raise")]
    public void Threshold_RaisesAndClearsAtTheEdges(string op, double value, double? clearValue, double[] values, string expected)
    {
        Assert.True(ComparisonOps.TryParse(op, out var parsed));
        Assert.Equal(expected, Verdicts(new ThresholdCondition("ppv_mm_s", parsed, value) { ClearValue = clearValue }, values));
    }

    [Fact]
    public void Threshold_HysteresisBandFlapping_RaisesOnce()
    {
        var verdicts = Verdicts(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25) { ClearValue = 0.2 }, 0.26, 0.24, 0.26, 0.24, 0.26);

        Assert.Equal("raise - raise - raise", verdicts); // Repeats of one alert, never a clear in between.
    }

    [Theory]
    [InlineData(60.0, null, new[] { 0.3, 0.3, 0.3 }, new[] { 0.0, 30, 60 }, "- - raise")]
    [InlineData(60.0, null, new[] { 0.3, 0.1, 0.3, 0.3 }, new[] { 0.0, 30, 40, 100 }, "- - - raise")] // a dip restarts the clock
    [InlineData(60.0, null, new[] { 0.3, 0.3 }, new[] { 0.0, 59.999 }, "- -")]
    [InlineData(null, 3, new[] { 0.3, 0.3, 0.3, 0.3 }, new[] { 0.0, 1, 2, 3 }, "- - raise raise")]
    [InlineData(null, 3, new[] { 0.3, 0.3, 0.1, 0.3, 0.3 }, new[] { 0.0, 1, 2, 3, 4 }, "- - - - -")]
    public void Sustained_RaisesOnlyAfterDurationOrConsecutiveReadings(double? seconds, int? readings, double[] values, double[] at, string expected)
    {
        var eval = new Eval();
        var rule = RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25)
        {
            Sustain = new Sustain(seconds is { } s ? TimeSpan.FromSeconds(s) : null, readings),
        });

        var verdicts = values.Select((v, i) => eval.Feed(At(at[i], "ppv_mm_s", v), Fixed(), [rule]) is { Length: > 0 } x ? x : "-");

        Assert.Equal(expected, string.Join(" ", verdicts));
    }

    [Fact]
    public void Threshold_OutsideSchedule_KeepsStateButRaisesNothing()
    {
        var eval = new Eval();
        var rule = RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25)) with { Schedule = Night() };

        Assert.Equal("", eval.Feed(At(-8 * 3600, "ppv_mm_s", 0.3), Fixed(), [rule])); // 14:00 in Linzi
        Assert.Equal("raise", eval.Feed(At(0, "ppv_mm_s", 0.3), Fixed(), [rule])); // 22:00, still above
    }

    [Fact]
    public void Evaluator_ReplacedRule_StartsAfresh_UnchangedRuleKeepsState()
    {
        var eval = new Eval();
        var sustained = RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25) { Sustain = new Sustain(null, 2) });

        eval.Feed(At(0, "ppv_mm_s", 0.3), Fixed(), [sustained]);
        Assert.Equal("raise", eval.Feed(At(1, "ppv_mm_s", 0.3), Fixed(), [sustained]));

        var replaced = sustained with { Name = "renamed" };
        Assert.Equal("", eval.Feed(At(2, "ppv_mm_s", 0.3), Fixed(), [replaced])); // new memory: needs two readings again
        Assert.Equal("raise", eval.Feed(At(3, "ppv_mm_s", 0.3), Fixed(), [replaced]));
    }

    [Fact]
    public void Threshold_FirstReadingAfterRestartOnTheClearSide_Clears()
    {
        // The evaluator's memory is gone after a restart, but an alert may still be open in the store.
        var eval = new Eval();
        var rule = RuleOf(new ThresholdCondition("ppv_mm_s", ComparisonOp.GreaterThan, 0.25) { ClearValue = 0.2 });

        Assert.Equal("", eval.Feed(At(0, "ppv_mm_s", 0.22), Fixed(), [rule]));
        Assert.Equal("", eval.Feed(At(1, "ppv_mm_s", 0.1), Fixed(), [rule]));
        Assert.Equal("clear", new Eval().Feed(At(0, "ppv_mm_s", 0.1), Fixed(), [rule]));
    }
}
