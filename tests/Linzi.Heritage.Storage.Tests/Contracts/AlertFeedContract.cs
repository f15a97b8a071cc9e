using Linzi.Heritage.Domain.Alerts;
using static Linzi.Heritage.Storage.Tests.Contracts.AlertLedgerScript;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IAlertFeed"/> must do: the feed is written by <see cref="IAlertStore.Commit(IReadOnlyList{LedgerEntry}, long)"/>, so each test
/// commits through the store and reads through the feed, both over the same storage.
/// </summary>
public abstract class AlertFeedContract
{
    private readonly AlertLedgerScript _ledger = new();

    /// <summary>The alert store over this test's storage (empty at first); every call opens the same storage again.</summary>
    protected abstract IAlertStore CreateStore();

    /// <summary>The feed over the same storage as <see cref="CreateStore"/>.</summary>
    protected abstract IAlertFeed CreateSut();

    [Fact]
    public void Empty_HasNoChangesAndPositionZero()
    {
        var sut = CreateSut();

        Assert.Equal(0, sut.LastPosition());
        Assert.Empty(sut.ChangesAfter(0, 100));
    }

    [Fact]
    public void Commit_FeedsOnlyEntriesThatArePushedOrCarryANotice()
    {
        var store = CreateStore();
        var raised = _ledger.Raise("A1", T0);
        var repeat = Repeat(raised.Alert, T0.AddSeconds(10));
        var reminder = Remind(repeat.Alert, "district", T0.AddMinutes(1));
        var silent = _ledger.Raise("A2", T0, push: AlertPush.None);
        Assert.Equal((true, false, true, false), (raised.IsFed, repeat.IsFed, reminder.IsFed, silent.IsFed));

        store.Commit([raised, silent]);
        store.Commit([repeat]);
        store.Commit([reminder]);

        var changes = CreateSut().ChangesAfter(0, 100);
        Assert.Equal([("A1", AlertPush.Raised, "raised"), ("A1", AlertPush.None, "reminded")], changes.Select(c => (c.Alert.Id, c.Push, c.Notice?.Kind)));
    }

    [Fact]
    public void Commit_AssignsRisingPositions_AndLastPositionIsTheNewest()
    {
        var store = CreateStore();
        var sut = CreateSut();
        store.Commit([_ledger.Raise("A1", T0), _ledger.Raise("A2", T0)]);
        store.Commit([_ledger.Raise("A3", T0)]);

        var positions = sut.ChangesAfter(0, 100).Select(c => c.Position).ToList();

        Assert.Equal(3, positions.Count);
        Assert.True(positions[0] > 0 && positions[0] < positions[1] && positions[1] < positions[2], string.Join(", ", positions));
        Assert.Equal(positions[^1], sut.LastPosition());
        Assert.Equal(["A1", "A2", "A3"], sut.ChangesAfter(0, 100).Select(c => c.Alert.Id));
    }

    [Fact]
    public void ChangesAfter_APosition_ReturnsUpToLimitOldestFirst()
    {
        var store = CreateStore();
        var sut = CreateSut();
        store.Commit([.. Enumerable.Range(1, 5).Select(i => _ledger.Raise("A" + i, T0))]);
        var all = sut.ChangesAfter(0, 100);

        var page = sut.ChangesAfter(all[1].Position, 2);

        Assert.Equal(["A3", "A4"], page.Select(c => c.Alert.Id));
        Assert.Empty(sut.ChangesAfter(all[^1].Position, 100));
    }

    [Fact]
    public void Change_CarriesTheAlertAsCommitted_NotAsItIsNow()
    {
        var store = CreateStore();
        var raised = _ledger.Raise("A1", T0);
        var escalated = _ledger.Escalate(raised.Alert, "village", T0.AddMinutes(5));
        var acknowledged = _ledger.Acknowledge(escalated.Alert, T0.AddMinutes(6), "village");
        store.Commit([raised]);
        store.Commit([escalated]);
        store.Commit([acknowledged]);

        var changes = CreateSut().ChangesAfter(0, 100);

        Assert.Equal([Json(raised.Alert), Json(escalated.Alert), Json(acknowledged.Alert)], changes.Select(c => Json(c.Alert)));
        Assert.Equal([AlertPush.Raised, AlertPush.Updated, AlertPush.Updated], changes.Select(c => c.Push));
        Assert.Equal(("escalated", "village"), (changes[1].Notice!.Kind, changes[1].Notice!.To));
        Assert.Equal(Json(escalated.Alert), Json(changes[1].Notice!.Alert));
        Assert.Null(changes[2].Notice);
    }

    [Fact]
    public void Commit_ThatFails_FeedsNothing()
    {
        var store = CreateStore();
        var sut = CreateSut();
        store.Commit([_ledger.Raise("A1", T0)]);
        var before = sut.LastPosition();
        var fed = _ledger.Raise("A2", T0);
        var broken = _ledger.Raise("A3", T0);
        broken = broken with { Alert = broken.Alert with { Message = null! } };

        Assert.NotNull(Record.Exception(() => store.Commit([fed, broken])));

        Assert.Equal(before, sut.LastPosition());
        Assert.Equal(["A1"], sut.ChangesAfter(0, 100).Select(c => c.Alert.Id));
    }

    [Fact]
    public void SaveCheckpoint_AnOlderPosition_ChangesNothing()
    {
        var sut = CreateSut();
        sut.SaveCheckpoint("outbox", 9);

        sut.SaveCheckpoint("outbox", 4); // from an instance that lost the consumer's lease while it worked

        Assert.Equal(9, sut.Checkpoint("outbox"));
    }

    [Fact]
    public void Checkpoint_IsKeptPerConsumer_AndSurvivesReopening()
    {
        var sut = CreateSut();

        sut.SaveCheckpoint("live", 7);
        sut.SaveCheckpoint("outbox", 3);
        sut.SaveCheckpoint("live", 9);

        var reopened = CreateSut();
        Assert.Equal((9L, 3L, 0L), (reopened.Checkpoint("live"), reopened.Checkpoint("outbox"), reopened.Checkpoint("influx")));
    }

    [Fact]
    public void Prune_DeletesOnlyEntriesAtOrBeforeThePositionCommittedBeforeTheCutoff()
    {
        var store = CreateStore();
        var sut = CreateSut();
        for (var i = 0; i < 4; i++)
        {
            store.Commit([_ledger.Raise("A" + i, T0.AddHours(i))]);
        }

        var positions = sut.ChangesAfter(0, 100).Select(c => c.Position).ToList();

        // A0 and A1 are old enough and consumed; A2 is consumed but not older than the cutoff; A3 is not consumed.
        var removed = sut.Prune(positions[2], T0.AddHours(2));

        Assert.Equal(2, removed);
        Assert.Equal(["A2", "A3"], sut.ChangesAfter(0, 100).Select(c => c.Alert.Id));
        Assert.Equal(0, sut.Prune(positions[1], T0.AddHours(10)));
    }

    [Fact]
    public void Prune_Everything_LaterChangesStillGetHigherPositions()
    {
        var store = CreateStore();
        var sut = CreateSut();
        store.Commit([_ledger.Raise("A1", T0), _ledger.Raise("A2", T0)]);
        var last = sut.ChangesAfter(0, 100)[^1].Position;
        sut.SaveCheckpoint("live", last);

        Assert.Equal(2, sut.Prune(last, T0.AddDays(1)));
        store.Commit([_ledger.Raise("A3", T0.AddMinutes(1))]);

        var change = Assert.Single(CreateSut().ChangesAfter(sut.Checkpoint("live"), 100));
        Assert.Equal("A3", change.Alert.Id);
        Assert.True(change.Position > last);
    }
}
