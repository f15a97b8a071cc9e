using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class RateOfChangeRuleTests
{
    private static readonly Rule CrackGrowth = RuleOf(
        new RateOfChangeCondition("crack_mm", ComparisonOp.GreaterThan, 0.05, RatePer.Hour, TimeSpan.FromHours(2)) { AverageOver = 3 });

    [Fact]
    public void Rate_SlowCrackGrowthAboveLimit_RaisesOnceWindowIsHalfFull()
    {
        var eval = new Eval();
        var verdicts = new List<string>();

        // 0.1 mm per hour, a reading every 10 minutes.
        for (var i = 0; i <= 12; i++)
        {
            verdicts.Add(eval.Feed(At(i * 600, "crack_mm", 1.0 + (0.1 * i / 6)), Fixed(kind: "crack"), [CrackGrowth]));
        }

        Assert.Equal(["", "", "", "", "", ""], verdicts.Take(6)); // under an hour of history: no judgement
        Assert.Equal("raise", verdicts[6]);
        Assert.InRange(eval.Raised[0].Value, 0.08, 0.1); // the moving average lags the raw 0.1 mm/h a little
        Assert.Equal("crack_mm_per_h", eval.Raised[0].Metric);
    }

    [Fact]
    public void Rate_NoisyButFlat_DoesNotRaise_WithMovingAverage()
    {
        var eval = new Eval();
        for (var i = 0; i <= 24; i++)
        {
            eval.Feed(At(i * 600, "crack_mm", i % 2 == 0 ? 1.0 : 1.04), Fixed(kind: "crack"), [CrackGrowth]);
        }

        Assert.Empty(eval.Raised);
    }

    [Fact]
    public void Rate_PerMinute_RisingWaterClearsWhenItLevelsOff()
    {
        var rule = RuleOf(new RateOfChangeCondition("water_level_cm", ComparisonOp.GreaterOrEqual, 2, RatePer.Minute, TimeSpan.FromMinutes(10)));
        var eval = new Eval();
        var levels = new[] { 100.0, 110, 120, 130, 140, 150 }.Concat(Enumerable.Repeat(150.0, 12)).ToArray();
        var verdicts = levels.Select((l, i) => eval.Feed(At(i * 60, "water_level_cm", l), Fixed(kind: "water"), [rule])).ToList();

        Assert.Equal("raise", verdicts[5]); // 10 cm/min once five minutes of history exist
        Assert.Equal("clear", verdicts[14]); // the window has forgotten the rise: 1 cm/min
    }

    [Fact]
    public void Rate_LateReading_IsIgnored()
    {
        var rule = RuleOf(new RateOfChangeCondition("water_level_cm", ComparisonOp.GreaterThan, 1, RatePer.Minute, TimeSpan.FromMinutes(2)));
        var eval = new Eval();
        eval.Feed(At(0, "water_level_cm", 100), Fixed(), [rule]);
        eval.Feed(At(120, "water_level_cm", 100), Fixed(), [rule]);

        Assert.Equal("", eval.Feed(At(60, "water_level_cm", 500), Fixed(), [rule]));
        Assert.Empty(eval.Raised);
    }
}
