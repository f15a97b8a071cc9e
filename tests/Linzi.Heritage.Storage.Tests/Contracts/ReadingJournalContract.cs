using System.Text.Json;
using Linzi.Heritage.Domain.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IReadingJournal"/> and its <see cref="ICheckpointStore"/> must do together, from the ports'
/// documentation. Receive times come from <see cref="Time"/>, which the adapter must use as its clock.
/// </summary>
public abstract class ReadingJournalContract
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The clock the journal stamps receive times with.</summary>
    protected FakeTimeProvider Time { get; } = new(T0);

    /// <summary>A running journal over this test's storage (empty at first); after <see cref="StopJournalAsync"/>, the next call reopens it.</summary>
    protected abstract Task<IReadingJournal> StartJournalAsync();

    /// <summary>Shuts the journal down as the host would: queued appends commit, later ones are refused.</summary>
    protected abstract Task StopJournalAsync(IReadingJournal journal);

    /// <summary>The consumers' checkpoints, beside the journal.</summary>
    protected abstract ICheckpointStore CreateCheckpoints();

    private static Reading ReadingOf(string device, long? seq, double value, int offsetMs = 0) =>
        new(device, "horse-pit", T0.AddMilliseconds(offsetMs), seq, [new MetricValue("ppv_mm_s", value)]);

    private static async Task<List<long>> AppendEachAsync(IReadingJournal journal, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await journal.AppendAsync([ReadingOf("d1", i, i)]);
        }

        return [.. journal.ReadAfter(0, 1000).Select(e => e.Position)];
    }

    [Fact]
    public async Task New_IsRunningAndEmpty()
    {
        var sut = await StartJournalAsync();

        Assert.True(sut.IsRunning);
        Assert.Equal(0, sut.LastPosition);
        Assert.Empty(sut.ReadAfter(0, 100));
        Assert.Empty(sut.LastSequences());
        Assert.Null(sut.ReceivedAt(1));
    }

    [Fact]
    public async Task AppendAsync_ThenReadAfter_ReturnsEveryField()
    {
        var sut = await StartJournalAsync();
        var full = new Reading(
            "hp-gnss-09", "horse-pit", T0.AddMilliseconds(123), 42, [new MetricValue("ppv_mm_s", 0.31), new MetricValue("rh_pct", 55.5)],
            36.8651, 118.3352, 3.61, -71) { Drill = true };
        var bare = new Reading("hp-vib-01", "horse-pit", new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.FromHours(8)), null, [new MetricValue("ppv_mm_s", 0)]);

        await sut.AppendAsync([full, bare]);
        var read = sut.ReadAfter(0, 10).Select(e => e.Reading).ToList();

        Assert.Equal(JsonSerializer.Serialize(full), JsonSerializer.Serialize(read[0]));
        Assert.Equal(bare.Timestamp, read[1].Timestamp); // The same instant, whatever offset it comes back with.
        Assert.Equal((bare.DeviceId, bare.Seq, bare.Lat, bare.BatteryV, bare.Drill), (read[1].DeviceId, read[1].Seq, read[1].Lat, read[1].BatteryV, read[1].Drill));
        Assert.Equal(bare.Values, read[1].Values);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCallers_GetStrictlyRisingPositions_AndLastPositionIsTheNewest()
    {
        var sut = await StartJournalAsync();

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i => sut.AppendAsync([ReadingOf("d" + (i % 3), i, i), ReadingOf("d" + (i % 3), i + 1000, i)])));
        var entries = sut.ReadAfter(0, 1000);

        Assert.Equal(100, entries.Count);
        Assert.All(entries.Zip(entries.Skip(1)), pair => Assert.True(pair.First.Position < pair.Second.Position));
        Assert.Equal(entries[^1].Position, sut.LastPosition);
        Assert.Equal(Enumerable.Range(1, 50).SelectMany(i => new long[] { i, i + 1000 }).Order(), entries.Select(e => e.Reading.Seq!.Value).Order());
    }

    [Fact]
    public async Task ReadAfter_APosition_ReturnsUpToMaxOldestFirst()
    {
        var sut = await StartJournalAsync();
        var positions = await AppendEachAsync(sut, 5);

        var page = sut.ReadAfter(positions[1], 2);

        Assert.Equal([3L, 4L], page.Select(e => e.Reading.Seq!.Value));
        Assert.Equal(positions[2..4], page.Select(e => e.Position));
        Assert.Empty(sut.ReadAfter(positions[^1], 10));
    }

    [Fact]
    public async Task Subscribe_WakesUpAfterACommit()
    {
        var sut = await StartJournalAsync();
        var wakeUps = sut.Subscribe();

        await sut.AppendAsync([ReadingOf("d1", 1, 1)]);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await wakeUps.WaitToReadAsync(timeout.Token));
        Assert.True(wakeUps.TryRead(out _));
    }

    [Fact]
    public async Task StopThenStart_KeepsEntriesPositionsAndSequences()
    {
        var first = await StartJournalAsync();
        await first.AppendAsync([ReadingOf("d1", 41, 1), ReadingOf("d1", 42, 2), ReadingOf("d2", 7, 3)]);
        var positions = first.ReadAfter(0, 10).Select(e => e.Position).ToList();
        await StopJournalAsync(first);

        var second = await StartJournalAsync();
        await second.AppendAsync([ReadingOf("d2", 8, 4)]);

        Assert.Equal(positions, second.ReadAfter(0, 10).Select(e => e.Position).Take(3));
        Assert.True(second.LastPosition > positions[^1]);
        Assert.Equal([("d1", 42L), ("d2", 8L)], second.LastSequences().OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public async Task RecentSequences_AreEveryNumberWithinTheWindowBelowEachDevicesHighest()
    {
        var sut = await StartJournalAsync();
        await sut.AppendAsync([ReadingOf("d1", 1, 1), ReadingOf("d1", 5, 2), ReadingOf("d1", 4, 3), ReadingOf("d1", 6, 4), ReadingOf("d2", 7, 5)]);

        var recent = sut.RecentSequences(3);

        Assert.Equal([4L, 5L, 6L], recent["d1"].Order());
        Assert.Equal([7L], recent["d2"]);
    }

    [Fact]
    public async Task AppendAsync_AfterStop_IsRefused()
    {
        var sut = await StartJournalAsync();
        await StopJournalAsync(sut);

        Assert.False(sut.IsRunning);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.AppendAsync([ReadingOf("d1", 1, 1)]));
    }

    [Fact]
    public async Task ReceivedAt_IsWhenTheEntryArrived()
    {
        var sut = await StartJournalAsync();
        await sut.AppendAsync([ReadingOf("d1", 1, 1)]);
        Time.Advance(TimeSpan.FromMinutes(1));
        await sut.AppendAsync([ReadingOf("d1", 2, 1)]);
        var positions = sut.ReadAfter(0, 10).Select(e => e.Position).ToList();

        Assert.Equal(T0, sut.ReceivedAt(positions[0]));
        Assert.Equal(T0.AddMinutes(1), sut.ReceivedAt(positions[1]));
        Assert.Null(sut.ReceivedAt(positions[1] + 1));
    }

    [Fact]
    public async Task LastSequences_AreTheHighestSeqPerDevice()
    {
        var sut = await StartJournalAsync();

        await sut.AppendAsync([ReadingOf("d1", 5, 1), ReadingOf("d1", 9, 1), ReadingOf("d1", 7, 1), ReadingOf("d2", 3, 1), ReadingOf("d3", null, 1)]);

        Assert.Equal([("d1", 9L), ("d2", 3L)], sut.LastSequences().OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public async Task DeleteConsumed_DeletesOnlyWhatEveryConsumerPassed_AndThatArrivedBeforeTheCutoff()
    {
        var sut = await StartJournalAsync();
        var positions = await AppendEachAsync(sut, 3);
        Time.Advance(TimeSpan.FromDays(2));
        await sut.AppendAsync([ReadingOf("d1", 4, 4)]);
        positions = [.. sut.ReadAfter(0, 10).Select(e => e.Position)];
        var checkpoints = CreateCheckpoints();
        checkpoints.Save("rules", positions[3]);
        checkpoints.Save("timeseries", positions[1]);

        var removed = sut.DeleteConsumed(T0.AddDays(1));

        Assert.Equal(2, removed);
        Assert.Equal(positions[2..], sut.ReadAfter(0, 10).Select(e => e.Position));

        checkpoints.Save("timeseries", positions[3]);
        Assert.Equal(1, sut.DeleteConsumed(T0.AddDays(1))); // The newest arrived after the cutoff.
        Assert.Equal(positions[3..], sut.ReadAfter(0, 10).Select(e => e.Position));
    }

    [Fact]
    public async Task DeleteConsumed_DeletesEverythingConsumed_EvenMoreThanOneChunk()
    {
        // Adapters delete in short transactions (the journal's writer must not wait seconds for one big delete); the
        // sweep still removes everything that is due.
        var sut = await StartJournalAsync();
        await sut.AppendAsync([.. Enumerable.Range(1, 12_345).Select(i => ReadingOf("d1", i, 1))]);
        var last = sut.ReadAfter(12_340, 100)[^1].Position;
        var checkpoints = CreateCheckpoints();
        checkpoints.Save("rules", last);
        checkpoints.Save("timeseries", last - 10);
        Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(12_335, sut.DeleteConsumed(T0.AddDays(1)));
        Assert.Equal(10, sut.ReadAfter(0, 100).Count);
    }

    [Fact]
    public async Task DeleteConsumed_WithoutCheckpoints_DeletesNothing()
    {
        var sut = await StartJournalAsync();
        await AppendEachAsync(sut, 2);
        Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0, sut.DeleteConsumed(T0.AddDays(1)));
        Assert.Equal(2, sut.ReadAfter(0, 10).Count);
    }

    [Fact]
    public async Task AppendAsync_AfterDeletingEverything_KeepsPositionsRising()
    {
        var sut = await StartJournalAsync();
        var positions = await AppendEachAsync(sut, 2);
        CreateCheckpoints().Save("rules", positions[^1]);
        Assert.Equal(2, sut.DeleteConsumed(T0.AddSeconds(1)));

        await sut.AppendAsync([ReadingOf("d1", 3, 3)]);

        var entry = Assert.Single(sut.ReadAfter(0, 10));
        Assert.True(entry.Position > positions[^1]);
        Assert.Equal(entry.Position, sut.LastPosition);
    }

    [Fact]
    public void Checkpoints_AreKeptPerConsumer_AndSurviveReopening()
    {
        var checkpoints = CreateCheckpoints();

        checkpoints.Save("rules", 17);
        checkpoints.Save("timeseries", 3);
        checkpoints.Save("rules", 18);

        var reopened = CreateCheckpoints();
        Assert.Equal((18L, 3L, 0L), (reopened.Get("rules"), reopened.Get("timeseries"), reopened.Get("nobody")));
    }
}
