using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Tests.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Storage.Tests.Journal;

/// <summary>The journal's WAL is checkpointed beside its writer, which never does it on its publishers' time.</summary>
public sealed class JournalCheckpointerTests : IAsyncDisposable
{
    private readonly SqliteDataDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 14, 5, 0, TimeSpan.Zero));
    private SqliteJournal? _journal;

    [Fact]
    public async Task ACheckpointBetweenCommits_LetsTheWalStartOver_InsteadOfGrowing()
    {
        var files = _data.Files;
        _journal = new SqliteJournal(files, _time);
        await _journal.StartAsync(TestContext.Current.CancellationToken);
        var checkpointer = new JournalCheckpointer(files, _journal, _time, NullLogger<JournalCheckpointer>.Instance);
        var wal = files.Journal.Path + "-wal";

        await _journal.AppendAsync(Readings(0));
        var afterFirst = new FileInfo(wal).Length;
        Assert.True(checkpointer.RunOnce());
        Assert.False(checkpointer.RunOnce()); // nothing committed since: nothing to do
        await _journal.AppendAsync(Readings(1));
        var afterSecond = new FileInfo(wal).Length;

        // Checkpointed, the WAL is rewritten from its start: the second batch reuses the first one's space. Without
        // the checkpoint (the writer's own is off, and 1,000 pages are far off) it would have doubled.
        Assert.True(afterFirst > 100_000, $"the first batch wrote {afterFirst} bytes of WAL");
        Assert.True(afterSecond <= afterFirst, $"WAL {afterFirst} bytes after the first batch, {afterSecond} after the second");
        Assert.Equal(4_000, _journal.ReadAfter(0, 10_000).Count);
    }

    private static List<Reading> Readings(int batch) =>
        [.. Enumerable.Range(0, 2_000).Select(i => new Reading(
            "hp-vib-01", "horse-pit", new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero).AddMilliseconds(batch * 2_000 + i),
            batch * 2_000 + i + 1, [new MetricValue("ppv_mm_s", 0.1), new MetricValue("freq_hz", 12)]))];

    public async ValueTask DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.StopAsync(CancellationToken.None);
            _journal.Dispose();
        }

        _data.Dispose();
    }
}
