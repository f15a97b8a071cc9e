using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Tests.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Storage.Tests.Journal;

/// <summary>The consumers read the newest entries from memory, and get exactly what the file would have given them.</summary>
public sealed class JournalTailTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private readonly SqliteDataDirectory _data = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<SqliteJournal> _journals = [];

    [Fact]
    public async Task ReadAfter_EveryPositionAndSize_GivesWhatTheFileGives_InMemoryOrNot()
    {
        var journal = await StartAsync(tailEntries: 3);
        for (var commit = 0; commit < 6; commit++)
        {
            await journal.AppendAsync([.. Enumerable.Range(0, commit + 1).Select(i => Detailed(commit * 10 + i))]);
        }

        // 21 entries; a tail of 3 keeps the newest 3, so some reads come from the file and some don't.
        Assert.Equal(21, journal.LastPosition);
        for (var position = 0L; position <= 22; position++)
        {
            foreach (var max in new[] { 1, 2, 5, 100 })
            {
                Assert.Equal(Shown(journal.ReadFileAfter(position, max)), Shown(journal.ReadAfter(position, max)));
            }
        }
    }

    [Fact]
    public async Task ReadAfter_AfterARestart_ReadsTheFile_AndTheNewEntriesFollowWithoutAGap()
    {
        var first = await StartAsync(tailEntries: 100);
        await first.AppendAsync([Detailed(1), Detailed(2)]);
        await first.StopAsync(CancellationToken.None);

        var second = await StartAsync(tailEntries: 100);
        await second.AppendAsync([Detailed(3)]);

        Assert.Equal([1L, 2, 3], second.ReadAfter(0, 10).Select(e => e.Position));
        Assert.Equal([3L], second.ReadAfter(2, 10).Select(e => e.Position));
        Assert.Equal(Shown(second.ReadFileAfter(0, 10)), Shown(second.ReadAfter(0, 10)));
    }

    // Sub-millisecond time, another offset and every optional field: the memory copy must look like the file's. Every
    // fourth is whole milliseconds in UTC already, the usual case, which the journal keeps without a copy.
    private static Reading Detailed(int n) =>
        new("hp-vib-01", "horse-pit", n % 4 == 0 ? Start.AddMilliseconds(n) : Start.AddTicks(n * 12_345_678).ToOffset(TimeSpan.FromHours(8)),
            n % 3 == 0 ? null : n,
            [new MetricValue("ppv_mm_s", 0.1 * n), new MetricValue("freq_hz", 12.5)], 36.8751, 118.368, 3.61, -71)
        { Drill = n % 2 == 0 };

    private static List<string> Shown(IReadOnlyList<JournalEntry> entries) =>
        [.. entries.Select(e => $"{e.Position} {e.Reading with { Values = [] }} {string.Join(",", e.Reading.Values)} {e.Reading.Timestamp.Offset}")];

    private async Task<SqliteJournal> StartAsync(int tailEntries)
    {
        var journal = new SqliteJournal(_data.Files, _time, tailEntries);
        _journals.Add(journal);
        await journal.StartAsync(TestContext.Current.CancellationToken);
        return journal;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var journal in _journals)
        {
            await journal.StopAsync(CancellationToken.None);
            journal.Dispose();
        }

        _data.Dispose();
    }
}
