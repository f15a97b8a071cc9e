using Linzi.Heritage.Ingestion.Edge;

namespace Linzi.Heritage.Ingestion.Tests.Edge;

public sealed class SequenceTrackerTests
{
    private static SequenceTracker CreateSut() => new();

    [Fact]
    public void Check_UnknownDevice_IsInOrder()
    {
        Assert.Equal(SequenceVerdict.InOrder, CreateSut().Check("d", 42));
    }

    [Fact]
    public void Check_SeenSeq_IsDuplicate()
    {
        var sut = CreateSut();
        sut.Mark("d", 1);
        sut.Mark("d", 2);

        Assert.Equal(SequenceVerdict.Duplicate, sut.Check("d", 1));
        Assert.Equal(SequenceVerdict.Duplicate, sut.Check("d", 2));
        Assert.Equal(SequenceVerdict.InOrder, sut.Check("d", 3));
        Assert.Equal(SequenceVerdict.InOrder, sut.Check("other", 1));
    }

    [Fact]
    public void Check_Skip_IsGapAndMissingOnesAreStillNew()
    {
        var sut = CreateSut();
        sut.Mark("d", 10);

        Assert.Equal(SequenceVerdict.Gap, sut.Check("d", 13));
        sut.Mark("d", 13);
        Assert.Equal(SequenceVerdict.InOrder, sut.Check("d", 11)); // A late replay of a missing one is kept.
    }

    [Fact]
    public void Mark_SlidingFarAhead_ForgetsOldSlots()
    {
        var sut = CreateSut();
        sut.Mark("d", 5);
        sut.Mark("d", 5 + SequenceTracker.Window);

        // Slot of 5 is reused by 5 + Window; 5 + 2 * Window - 1 would be new, and 5 is now too old to judge.
        Assert.Equal(SequenceVerdict.InOrder, sut.Check("d", 5));
        Assert.Equal(SequenceVerdict.Duplicate, sut.Check("d", 5 + SequenceTracker.Window));
    }

    [Fact]
    public void Seed_RestoresLastSequenceAfterRestart()
    {
        var sut = CreateSut();
        sut.Seed(new Dictionary<string, long> { ["d"] = 7 });

        Assert.Equal(SequenceVerdict.Duplicate, sut.Check("d", 7));
        Assert.Equal(SequenceVerdict.InOrder, sut.Check("d", 8));
    }

    [Theory]
    [InlineData(new long[] { 5, 6, 7 }, "InOrder InOrder InOrder")]     // a replayed array after 4: no gaps
    [InlineData(new long[] { 5, 7, 8 }, "InOrder Gap InOrder")]          // 6 really is missing
    [InlineData(new long[] { 3, 4, 5 }, "Duplicate Duplicate InOrder")] // 3 and 4 were stored before
    [InlineData(new long[] { 5, 5, 6 }, "InOrder Duplicate InOrder")]    // repeated inside the array
    [InlineData(new long[] { 7, 5, 6 }, "Gap InOrder InOrder")]          // out of order: 5 and 6 are still new
    public void CheckBatch_JudgesEachReadingAgainstStoredAndEarlierInTheArray(long[] seqs, string expected)
    {
        var sut = CreateSut();
        foreach (var stored in new long[] { 1, 2, 3, 4 })
        {
            sut.Mark("d", stored);
        }

        var verdicts = sut.CheckBatch("d", [.. seqs.Select(s => (long?)s)]);

        Assert.Equal(expected, string.Join(" ", verdicts));
    }
}
