using Linzi.Heritage.Domain.Notifications;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>What every <see cref="IOutbox"/> must do, from the port's documentation.</summary>
public abstract class OutboxContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    /// <summary>An outbox on this test's own, initially empty storage; a second call opens the same storage again.</summary>
    protected abstract IOutbox CreateSut();

    private static OutboxMessage Message(
        string key, DateTimeOffset created, DateTimeOffset? next = null, string channel = "sms", string status = "pending",
        string? deviceId = "dev-1", string? ruleId = "hp-vibration", string kind = "raised") =>
        new(0, key, channel, kind, "A1", ruleId, deviceId, "insp-c1", "殉马坑振动 " + key, $$"""{"key":"{{key}}"}""", status, 0, created, next ?? created, null);

    private static OutboxMessage Persisted(IOutbox sut, string key) => sut.ByStatus(null, 1000).Single(m => m.IdempotencyKey == key);

    [Fact]
    public void Enqueue_New_ReturnsTrue_AndKeepsEveryField()
    {
        var sut = CreateSut();
        var message = Message("k1", T0, T0.AddSeconds(5));

        Assert.True(sut.Enqueue(message));

        var stored = Assert.Single(CreateSut().Due(T0.AddSeconds(5), 10));
        Assert.True(stored.Id > 0);
        Assert.Equal(message with { Id = stored.Id }, stored);
    }

    [Fact]
    public void Enqueue_RepeatedIdempotencyKey_ReturnsFalse_AndChangesNothing()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("k1", T0));

        var again = sut.Enqueue(Message("k1", T0.AddMinutes(1)) with { Text = "other", Channel = "webhook" });

        Assert.False(again);
        var stored = Assert.Single(sut.ByStatus(null, 10));
        Assert.Equal(("殉马坑振动 k1", "sms", T0), (stored.Text, stored.Channel, stored.CreatedAt));
    }

    [Fact]
    public void Due_ReturnsPendingMessagesDueByNow_OldestFirst_UpToLimit()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("later", T0.AddSeconds(3), T0.AddMinutes(5)));
        sut.Enqueue(Message("second", T0.AddSeconds(2)));
        sut.Enqueue(Message("first", T0.AddSeconds(1)));
        sut.Enqueue(Message("third", T0.AddSeconds(4)));
        sut.Enqueue(Message("folded", T0, status: "folded"));

        Assert.Equal(["first", "second"], sut.Due(T0.AddMinutes(1), 2).Select(m => m.IdempotencyKey));
        Assert.Equal(["first", "second", "third"], sut.Due(T0.AddMinutes(1), 10).Select(m => m.IdempotencyKey));
        Assert.Equal(["first", "second", "third", "later"], sut.Due(T0.AddMinutes(5), 10).Select(m => m.IdempotencyKey));
        Assert.Empty(sut.Due(T0, 10));
    }

    [Fact]
    public void NextDue_IsTheEarliestPendingAttempt_OrNull()
    {
        var sut = CreateSut();
        Assert.Null(sut.NextDue());

        sut.Enqueue(Message("b", T0, T0.AddMinutes(3)));
        sut.Enqueue(Message("a", T0, T0.AddMinutes(2)));
        sut.Enqueue(Message("folded", T0, T0.AddMinutes(1), status: "folded"));

        Assert.Equal(T0.AddMinutes(2), sut.NextDue());
    }

    [Fact]
    public void Failed_WithANextAttempt_StaysPendingUntilThen()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("k1", T0));
        var id = Persisted(sut, "k1").Id;

        sut.Failed(id, "gateway 503", T0.AddMinutes(1));

        var stored = Persisted(CreateSut(), "k1");
        Assert.Equal(("pending", 1, "gateway 503", T0.AddMinutes(1)), (stored.Status, stored.Attempts, stored.LastError, stored.NextAttemptAt));
        Assert.Empty(sut.Due(T0.AddSeconds(59), 10));
        Assert.Single(sut.Due(T0.AddMinutes(1), 10));
        Assert.Equal(T0.AddMinutes(1), sut.NextDue());
    }

    [Fact]
    public void Failed_WithoutANextAttempt_IsDead()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("k1", T0));
        var id = Persisted(sut, "k1").Id;
        sut.Failed(id, "first", T0.AddMinutes(1));

        sut.Failed(id, "gave up", null);

        var dead = Assert.Single(sut.ByStatus("dead", 10));
        Assert.Equal((id, 2, "gave up"), (dead.Id, dead.Attempts, dead.LastError));
        Assert.Empty(sut.Due(T0.AddDays(1), 10));
        Assert.Null(sut.NextDue());
    }

    [Fact]
    public void Retry_ADeadMessage_QueuesItAgainNow()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("k1", T0));
        var id = Persisted(sut, "k1").Id;
        sut.Failed(id, "gave up", null);

        Assert.True(sut.Retry(id, T0.AddHours(1)));

        Assert.Empty(sut.ByStatus("dead", 10));
        Assert.Empty(sut.Due(T0.AddMinutes(59), 10));
        Assert.Equal(id, Assert.Single(sut.Due(T0.AddHours(1), 10)).Id);
    }

    [Fact]
    public void Retry_AMessageThatIsNotDead_ReturnsFalse()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("pending", T0));
        sut.Enqueue(Message("delivered", T0));
        var pending = Persisted(sut, "pending").Id;
        var delivered = Persisted(sut, "delivered").Id;
        sut.Delivered(delivered, T0.AddSeconds(1));

        Assert.False(sut.Retry(pending, T0.AddHours(1)));
        Assert.False(sut.Retry(delivered, T0.AddHours(1)));
        Assert.False(sut.Retry(delivered + pending + 1000, T0.AddHours(1)));
        Assert.Equal(T0, Persisted(sut, "pending").NextAttemptAt);
        Assert.Equal("delivered", Persisted(sut, "delivered").Status);
    }

    [Fact]
    public void Delivered_TakesTheMessageOutOfTheQueue()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("k1", T0));
        var id = Persisted(sut, "k1").Id;

        sut.Delivered(id, T0.AddSeconds(2));

        Assert.Empty(sut.Due(T0.AddDays(1), 10));
        Assert.Null(sut.NextDue());
        Assert.Equal(id, Assert.Single(CreateSut().ByStatus("delivered", 10)).Id);
    }

    [Fact]
    public void ByStatus_ListsNewestFirst_UpToLimit_AllStatusesForNull()
    {
        var sut = CreateSut();
        foreach (var key in new[] { "m1", "m2", "m3", "m4" })
        {
            sut.Enqueue(Message(key, T0));
        }

        sut.Failed(Persisted(sut, "m1").Id, "x", null);
        sut.Failed(Persisted(sut, "m3").Id, "x", null);

        Assert.Equal(["m3", "m1"], sut.ByStatus("dead", 10).Select(m => m.IdempotencyKey));
        Assert.Equal(["m4", "m3"], sut.ByStatus(null, 2).Select(m => m.IdempotencyKey));
        Assert.Equal(["m4", "m2"], sut.ByStatus("pending", 10).Select(m => m.IdempotencyKey));
    }

    [Fact]
    public void Folded_ListsTheChannelsFoldedMessages()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("f1", T0, status: "folded"));
        sut.Enqueue(Message("f2", T0.AddSeconds(1), status: "folded"));
        sut.Enqueue(Message("other-channel", T0, channel: "webhook", status: "folded"));
        sut.Enqueue(Message("pending", T0));

        Assert.Equal(["f1", "f2"], sut.Folded("sms").Select(m => m.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Digest_QueuesTheDigestAndMarksTheFoldedMessagesItSums()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("f1", T0, status: "folded"));
        sut.Enqueue(Message("f2", T0, status: "folded"));
        sut.Enqueue(Message("f3", T0, status: "folded"));
        var summed = sut.Folded("sms").Where(m => m.IdempotencyKey != "f3").Select(m => m.Id).ToList();

        sut.Digest(Message("digest-1", T0.AddMinutes(5), kind: "digest", deviceId: null, ruleId: null), summed);

        Assert.Equal(["f3"], sut.Folded("sms").Select(m => m.IdempotencyKey));
        Assert.Equal("digest-1", Assert.Single(sut.Due(T0.AddMinutes(5), 10)).IdempotencyKey);
    }

    [Fact]
    public void Digest_ThatCannotBeQueued_LeavesTheFoldedMessagesFolded()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("f1", T0, status: "folded"));
        var summed = sut.Folded("sms").Select(m => m.Id).ToList();
        var broken = Message("digest-1", T0.AddMinutes(5), kind: "digest") with { Text = null! }; // No outbox can send a message without text.

        _ = Record.Exception(() => sut.Digest(broken, summed));

        // One transaction: the digest is queued and f1 marked, or neither. f1 marked without a digest is never sent.
        var digestQueued = sut.ByStatus(null, 100).Any(m => m.IdempotencyKey == "digest-1");
        Assert.Equal(digestQueued ? [] : ["f1"], sut.Folded("sms").Select(m => m.IdempotencyKey));
    }

    [Fact]
    public void Enqueue_AMessageThatCannotBeStored_Throws_RatherThanPassingForARepeat()
    {
        var sut = CreateSut();
        var broken = Message("k1", T0) with { Text = null! };

        Assert.ThrowsAny<Exception>(() => sut.Enqueue(broken));
        Assert.Empty(sut.ByStatus(null, 10));
    }

    [Fact]
    public void RecentCounts_CountTheChannelsIndividualMessagesSinceATime_ForTheDeviceAndTheRule()
    {
        var sut = CreateSut();
        sut.Enqueue(Message("too-old", T0.AddMinutes(-1)));
        sut.Enqueue(Message("same-device-and-rule", T0));
        sut.Enqueue(Message("same-device", T0.AddMinutes(1), ruleId: "other-rule"));
        sut.Enqueue(Message("same-rule", T0.AddMinutes(1), deviceId: "dev-2"));
        sut.Enqueue(Message("other-channel", T0.AddMinutes(1), channel: "webhook"));
        sut.Enqueue(Message("folded", T0.AddMinutes(1), status: "folded"));
        sut.Enqueue(Message("delivered", T0.AddMinutes(2)));
        sut.Delivered(Persisted(sut, "delivered").Id, T0.AddMinutes(2));

        Assert.Equal((3L, 3L), sut.RecentCounts("sms", "dev-1", "hp-vibration", T0));
        Assert.Equal((0L, 1L), sut.RecentCounts("webhook", "dev-2", "hp-vibration", T0));
        Assert.Equal((0L, 0L), sut.RecentCounts("sms", null, null, T0));
    }
}
