using Linzi.Heritage.Domain.Audit;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IAuditLog"/> must do, from the port's documentation.</summary>
public abstract class AuditLogContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    /// <summary>An audit log on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IAuditLog CreateSut();

    private static void RecordSample(IAuditLog sut)
    {
        sut.Record("rule", "hp-vibration", "create", "bureau", T0, null, """{"limit":0.25}""");
        sut.Record("permit", "p1", "create", "bureau", T0.AddMinutes(1), null, """{"id":"p1"}""");
        sut.Record("rule", "hp-vibration", "update", "bureau", T0.AddMinutes(2), """{"limit":0.25}""", """{"limit":0.3}""");
        sut.Record("rule", "hp-tilt", "delete", "chief-li", T0.AddMinutes(3), """{"limit":1}""", null);
    }

    [Fact]
    public void Query_New_IsEmpty()
    {
        Assert.Empty(CreateSut().Query(null, null, 100));
    }

    [Fact]
    public void Record_ThenQueryAfterReopen_ReturnsEveryFieldNewestFirst()
    {
        RecordSample(CreateSut());

        var entries = CreateSut().Query(null, null, 100);

        Assert.Equal(["hp-tilt", "hp-vibration", "p1", "hp-vibration"], entries.Select(e => e.EntityId));
        Assert.Equal(4, entries.Select(e => e.Id).Distinct().Count());
        var update = entries[1];
        Assert.Equal(
            new AuditEntry(update.Id, "rule", "hp-vibration", "update", "bureau", T0.AddMinutes(2), """{"limit":0.25}""", """{"limit":0.3}"""),
            update);
        Assert.Equal(("delete", "chief-li", (string?)null), (entries[0].Action, entries[0].Actor, entries[0].After));
        Assert.Null(entries[3].Before);
    }

    [Fact]
    public void RecordAll_AppendsEachInOrder_ChainedAfterWhatWasThere()
    {
        var sut = CreateSut();
        sut.Record("rule", "hp-vibration", "create", "bureau", T0, null, """{"limit":0.25}""");

        sut.RecordAll([.. Enumerable.Range(1, 3).Select(i => new AuditRecord("device", $"load-{i}", "imported", "bureau", T0.AddMinutes(i), null, "{}"))]);
        sut.RecordAll([]);

        var reopened = CreateSut();
        Assert.Equal(["load-3", "load-2", "load-1", "hp-vibration"], reopened.Query(null, null, 100).Select(e => e.EntityId));
        Assert.Equal(T0.AddMinutes(3), reopened.Query("device", "load-3", 1).Single().At);
        Assert.Equal(4, reopened.Head().Count);
        Assert.True(reopened.Verify().Intact);
    }

    [Fact]
    public void Query_ByEntityAndId_FiltersBoth()
    {
        var sut = CreateSut();
        RecordSample(sut);

        Assert.Equal(["hp-tilt", "hp-vibration", "hp-vibration"], sut.Query("rule", null, 100).Select(e => e.EntityId));
        Assert.Equal(["update", "create"], sut.Query("rule", "hp-vibration", 100).Select(e => e.Action));
        Assert.Equal(["p1"], sut.Query(null, "p1", 100).Select(e => e.EntityId));
        Assert.Empty(sut.Query("permit", "hp-vibration", 100));
    }

    [Fact]
    public void Query_Limit_KeepsTheNewest()
    {
        var sut = CreateSut();
        RecordSample(sut);

        Assert.Equal(["delete", "update"], sut.Query(null, null, 2).Select(e => e.Action));
    }
}
