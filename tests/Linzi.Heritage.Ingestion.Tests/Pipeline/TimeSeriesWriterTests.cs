using System.Collections.Concurrent;
using System.Diagnostics;
using Linzi.Heritage.Domain.Telemetry;
using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Storage.Journal;
using Linzi.Heritage.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Linzi.Heritage.Ingestion.Tests.Pipeline;

/// <summary>Under load the writer gathers readings between writes; a quiet device's reading is written at once.</summary>
public sealed class TimeSeriesWriterTests : IAsyncDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "linzi-writer-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 14, 5, 0, TimeSpan.Zero));
    private readonly RecordingStore _store = new();
    private SqliteJournal? _journal;
    private TimeSeriesWriter? _writer;

    [Fact]
    public async Task AfterAWrite_TheReadingsOfTheWindowAreWrittenTogether_WhenItEnds()
    {
        var files = new DataFiles(_directory);
        _journal = new SqliteJournal(files, _time);
        await _journal.StartAsync(TestContext.Current.CancellationToken);
        _writer = new TimeSeriesWriter(
            _journal, new SqliteCheckpointStore(files), _store, Options.Create(new TimeSeriesWriterOptions { BatchWindow = Window }),
            _time, NullLogger<TimeSeriesWriter>.Instance);
        await _writer.StartAsync(TestContext.Current.CancellationToken);

        // The first reading after a quiet spell is written without the clock moving.
        await _journal.AppendAsync([ReadingOf(1)]);
        await UntilAsync(() => _store.Writes.Count == 1, advance: false);

        // Three commits while the window runs: one write of all three once it has passed.
        foreach (var seq in new[] { 2, 3, 4 })
        {
            await _journal.AppendAsync([ReadingOf(seq)]);
        }

        await UntilAsync(() => _store.Writes.Count == 2, advance: true);

        Assert.Equal([[1L], [2L, 3L, 4L]], _store.Writes.Select(w => w.Select(r => r.Seq!.Value).ToArray()));
    }

    private static Reading ReadingOf(long seq) =>
        new("hp-rh-01", "horse-pit", new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero).AddSeconds(seq), seq, [new MetricValue("rh_pct", 50)]);

    // Polls on the real clock (the writer runs on its own loop); moves the fake one on by the window each time when
    // asked, since the writer may not have started waiting yet when the first move comes.
    private async Task UntilAsync(Func<bool> condition, bool advance)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "the writer did not write in time");
            if (advance)
            {
                _time.Advance(Window);
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.StopAsync(CancellationToken.None);
            _writer.Dispose();
        }

        if (_journal is not null)
        {
            await _journal.StopAsync(CancellationToken.None);
            _journal.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class RecordingStore : ITimeSeriesStore
    {
        public ConcurrentQueue<IReadOnlyList<Reading>> Queue { get; } = new();

        public List<IReadOnlyList<Reading>> Writes => [.. Queue];

        public Task WriteAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
        {
            Queue.Enqueue(readings);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SeriesPoint>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SeriesPoint>> LatestAsync(string deviceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public (int Samples, int Rollups) DeleteOlderThan(DateTimeOffset rawCutoff, DateTimeOffset rollupCutoff) => throw new NotSupportedException();
    }
}
