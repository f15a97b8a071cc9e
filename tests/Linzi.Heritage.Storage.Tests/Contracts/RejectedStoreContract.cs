using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IRejectedStore"/> must do, from the port's documentation.</summary>
public abstract class RejectedStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    /// <summary>A store on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IRejectedStore CreateSut();

    private static RejectedPayload Rejected(int n, string reason = "malformed_json") =>
        new(T0.AddSeconds(n), "client-" + n, n % 2 == 0 ? null : "hp-vib-01", "linzi/horse-pit/hp-vib-01/telemetry", reason, "at byte " + n, "{\"ts\":", 1000 + n);

    [Fact]
    public void New_HasNothing()
    {
        var sut = CreateSut();

        Assert.Empty(sut.Recent(10));
        Assert.Empty(sut.Counts());
    }

    [Fact]
    public void Add_ThenRecentAfterReopen_ReturnsEveryFieldNewestFirst()
    {
        CreateSut().Add([Rejected(1), Rejected(2, "unknown_metric")]);
        CreateSut().Add([Rejected(3)]);

        Assert.Equal([Rejected(3), Rejected(2, "unknown_metric"), Rejected(1)], CreateSut().Recent(10));
    }

    [Fact]
    public void Recent_Limit_KeepsTheNewest()
    {
        var sut = CreateSut();
        sut.Add([Rejected(1), Rejected(2), Rejected(3)]);

        Assert.Equal([Rejected(3), Rejected(2)], sut.Recent(2));
    }

    [Fact]
    public void Counts_AddUpPerReasonAcrossBatches_AndSurviveReopening()
    {
        CreateSut().Add([Rejected(1), Rejected(2, "unknown_metric"), Rejected(3)]);
        CreateSut().Add([Rejected(4), Rejected(5, "too_large")]);

        var counts = CreateSut().Counts();

        Assert.Equal([("malformed_json", 3L), ("too_large", 1L), ("unknown_metric", 1L)], counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public void Add_BeyondKeep_KeepsTheNewestPayloads_ButCountsEveryOne()
    {
        var sut = CreateSut();
        sut.Add([.. Enumerable.Range(1, IRejectedStore.Keep).Select(n => Rejected(n))]);

        sut.Add([Rejected(IRejectedStore.Keep + 1), Rejected(IRejectedStore.Keep + 2, "too_large"), Rejected(IRejectedStore.Keep + 3)]);

        var kept = sut.Recent(IRejectedStore.Keep * 2);
        Assert.Equal(IRejectedStore.Keep, kept.Count);
        Assert.Equal(Rejected(IRejectedStore.Keep + 3), kept[0]);
        Assert.Equal(Rejected(4), kept[^1]);
        Assert.Equal(IRejectedStore.Keep + 3, sut.Counts().Values.Sum());
    }
}
