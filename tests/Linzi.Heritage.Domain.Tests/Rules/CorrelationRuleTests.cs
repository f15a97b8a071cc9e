using Linzi.Heritage.Domain.Registry;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Domain.Rules.Conditions;
using static Linzi.Heritage.Domain.Tests.Rules.RuleFixtures;

namespace Linzi.Heritage.Domain.Tests.Rules;

public sealed class CorrelationRuleTests
{
    private static readonly Rule Looting = RuleOf(new CorrelationCondition(
        [
            new CorrelationSignal("ground_sound", "ground_sound_db", ComparisonOp.GreaterThan, 45),
            new CorrelationSignal("pir", "pir_count", ComparisonOp.GreaterOrEqual, 3),
        ],
        TimeSpan.FromSeconds(120)));

    private static ReadingContext Sound(GridCell? cell = null) => Fixed("acoustic-01", "acoustic", cell);

    private static ReadingContext Pir(GridCell? cell = null) => Fixed("pir-01", "pir", cell);

    [Theory]
    [InlineData(120, "red")]    // exactly at the window's limit: still correlated
    [InlineData(120.001, "yellow")]
    [InlineData(-120, "red")]   // the other order
    public void TwoModalities_WithinWindow_RaiseRed_OtherwiseVerify(double pirAfterSeconds, string expected)
    {
        var eval = new Eval();
        eval.Feed(At(Math.Max(0, -pirAfterSeconds), "ground_sound_db", 52, "acoustic-01"), Sound(), [Looting]);
        eval.Feed(At(Math.Max(0, pirAfterSeconds), "pir_count", 4, "pir-01"), Pir(), [Looting]);

        Assert.Equal(2, eval.Raised.Count);
        Assert.Equal(Severity.Yellow, eval.Raised[0].Severity); // the first modality alone: verify
        Assert.Equal(expected, eval.Raised[1].Severity.ToWire());
        Assert.All(eval.Raised, m => Assert.Equal("cell:c1", m.Subject));
    }

    [Fact]
    public void SameModalityTwice_IsStillOnlyVerify()
    {
        var eval = new Eval();
        eval.Feed(At(0, "ground_sound_db", 52, "acoustic-01"), Sound(), [Looting]);
        eval.Feed(At(10, "ground_sound_db", 60, "acoustic-02"), Fixed("acoustic-02", "acoustic"), [Looting]);

        Assert.All(eval.Raised, m => Assert.Equal(Severity.Yellow, m.Severity));
    }

    [Fact]
    public void Modalities_InDifferentCells_DoNotCorrelate()
    {
        var eval = new Eval();
        eval.Feed(At(0, "ground_sound_db", 52, "acoustic-01"), Sound(Cell), [Looting]);
        eval.Feed(At(5, "pir_count", 5, "pir-01"), Pir(OtherCell), [Looting]);

        Assert.All(eval.Raised, m => Assert.Equal(Severity.Yellow, m.Severity));
        Assert.Equal(["cell:c1", "cell:c2"], eval.Raised.Select(m => m.Subject));
    }

    [Fact]
    public void BelowSignalLimits_RaiseNothing_AndVerifyCanBeTurnedOff()
    {
        var eval = new Eval();
        eval.Feed(At(0, "ground_sound_db", 45, "acoustic-01"), Sound(), [Looting]);
        eval.Feed(At(1, "pir_count", 2, "pir-01"), Pir(), [Looting]);
        Assert.Empty(eval.Raised);

        var quiet = Looting with { Condition = ((CorrelationCondition)Looting.Condition) with { VerifySeverity = null } };
        eval.Feed(At(2, "ground_sound_db", 50, "acoustic-01"), Sound(), [quiet]);
        Assert.Empty(eval.Raised);
    }

    [Fact]
    public void OutsideSchedule_RaisesNothing()
    {
        var daytime = Looting with { Schedule = Night() };
        var eval = new Eval();
        eval.Feed(At(-6 * 3600, "ground_sound_db", 52, "acoustic-01"), Sound(), [daytime]); // 16:00 local
        eval.Feed(At(-6 * 3600 + 10, "pir_count", 4, "pir-01"), Pir(), [daytime]);

        Assert.Empty(eval.Raised);
    }
}
